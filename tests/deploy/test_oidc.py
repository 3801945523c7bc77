"""Sign-in with electronic ID in the chart: the `oidc` block becomes identity's providers
and national ID key, the gateway's client secrets and an egress rule to the providers
for those two workloads only; without it nothing of this is rendered; and bad provider
values are refused before anything reaches a cluster."""

from __future__ import annotations

import json

import pytest
import yaml

from services.identity.settings import IdentitySettings
from services.kit import auth
from services.kit.config import load
from tests.deploy.conftest import CHART, NAMESPACE, region_values
from tests.deploy.test_chart import assert_locked_down, assert_valid_kubernetes, env_of, full, policy_for
from tests.deploy.test_values_schema import refused

OIDC_ENV = {"RECONNECT_OIDC_PROVIDERS", "RECONNECT_NATIONAL_ID_KEY", "RECONNECT_OIDC_CLIENTS"}
WORKLOADS = ("identity", "forum", "messaging", "events", "toolbox", "gateway")

IDPORTEN = {
    "name": "idporten",
    "issuer": "https://idporten.no",
    "clientId": "reconnect-helse-nord",
    "roles": ["service_user"],
    "acrLevels": ["idporten-loa-substantial", "idporten-loa-high"],
    "nationalIdClaim": "pid",
}
HELSEID = {
    "name": "helseid",
    "issuer": "https://helseid-sts.nhn.no",
    "clientId": "reconnect-helse-nord-providers",
    "roles": ["health_provider"],
}


def with_providers(*providers: dict, **oidc) -> dict:
    values = region_values(2)
    values["oidc"] = {
        "providers": list(providers),
        "clients": {"existingSecret": "reconnect-oidc-clients", "key": "clients"},
        "nationalIdKey": {"existingSecret": "reconnect-national-id-key", "key": "national-id-key"},
        "egressCidrs": ["203.0.113.0/24", "198.51.100.16/28"],
        "egressPort": 443,
        **oidc,
    }
    return values


def container_env(obj: dict) -> dict[str, dict]:
    (container,) = obj["spec"]["template"]["spec"]["containers"]
    return env_of(container)


def deployment_env(rendered, name: str) -> dict[str, dict]:
    return container_env(rendered.named("Deployment", full(name)))


def provider_egress(rendered, role: str, port: int = 443) -> list[dict]:
    return [rule for rule in policy_for(rendered, role)["spec"]["egress"] if rule["ports"][0]["port"] == port]


# ---------------------------------------------------------------- with providers


def test_identity_reads_the_providers_and_the_national_id_key(render):
    rendered = render(with_providers(IDPORTEN, HELSEID))
    assert_valid_kubernetes(rendered)
    assert_locked_down(rendered)
    env = deployment_env(rendered, "identity")
    # The service's own (snake_case) keys; what the values leave out is left to the code's defaults.
    assert json.loads(env["RECONNECT_OIDC_PROVIDERS"]["value"]) == [
        {"name": "idporten", "issuer": "https://idporten.no", "client_id": "reconnect-helse-nord",
         "roles": ["service_user"], "acr_levels": ["idporten-loa-substantial", "idporten-loa-high"],
         "national_id_claim": "pid"},
        {"name": "helseid", "issuer": "https://helseid-sts.nhn.no", "client_id": "reconnect-helse-nord-providers",
         "roles": ["health_provider"]},
    ]
    assert env["RECONNECT_NATIONAL_ID_KEY"] == {
        "name": "RECONNECT_NATIONAL_ID_KEY",
        "valueFrom": {"secretKeyRef": {"name": "reconnect-national-id-key", "key": "national-id-key"}},
    }
    assert "RECONNECT_OIDC_CLIENTS" not in env, "the client secrets are the gateway's alone"
    (container,) = rendered.named("Deployment", full("identity"))["spec"]["template"]["spec"]["containers"]
    assert len(container["env"]) == len(env), "an environment variable is set twice"


def test_identity_hook_jobs_see_the_same_values(render):
    """The bootstrap hashes national ID numbers of the accounts it makes: with another key
    than the serving pods those accounts could never sign in with electronic ID."""
    rendered = render(with_providers(IDPORTEN))
    serving = deployment_env(rendered, "identity")
    for job in ("identity-bootstrap", "identity-migrate"):
        env = container_env(rendered.named("Job", full(job)))
        for name in ("RECONNECT_OIDC_PROVIDERS", "RECONNECT_NATIONAL_ID_KEY"):
            assert env[name] == serving[name], (job, name)


def test_the_rendered_json_is_what_identity_loads(render, monkeypatch):
    env = deployment_env(render(with_providers(IDPORTEN, HELSEID)), "identity")
    monkeypatch.setenv("RECONNECT_OIDC_PROVIDERS", env["RECONNECT_OIDC_PROVIDERS"]["value"])
    settings = load(IdentitySettings, database_url="sqlite://")
    idporten, helseid = settings.oidc_providers
    assert (idporten.name, idporten.issuer, idporten.client_id) == ("idporten", "https://idporten.no",
                                                                   "reconnect-helse-nord")
    assert idporten.roles == ["service_user"] and idporten.acr_levels[-1] == "idporten-loa-high"
    assert helseid.roles == ["health_provider"] and helseid.national_id_claim == "pid"


def test_the_gateway_reads_its_client_secrets_from_the_secret(render):
    rendered = render(with_providers(IDPORTEN, clients={"existingSecret": "oidc-clients", "key": "json"}))
    env = deployment_env(rendered, "gateway")
    assert env["RECONNECT_OIDC_CLIENTS"]["valueFrom"]["secretKeyRef"] == {"name": "oidc-clients", "key": "json"}
    assert not {"RECONNECT_OIDC_PROVIDERS", "RECONNECT_NATIONAL_ID_KEY"} & set(env)
    (container,) = rendered.named("Deployment", full("gateway"))["spec"]["template"]["spec"]["containers"]
    assert len(container["env"]) == len(env), "an environment variable is set twice"


def test_only_identity_and_the_gateway_get_anything(render):
    rendered = render(with_providers(IDPORTEN))
    for name in ("forum", "messaging", "events", "toolbox"):
        assert not OIDC_ENV & set(deployment_env(rendered, name)), name
        assert not OIDC_ENV & set(container_env(rendered.named("Job", full(name) + "-migrate"))), name
        assert provider_egress(rendered, name) == [], name


def test_identity_and_the_gateway_may_reach_the_providers(render):
    rendered = render(with_providers(IDPORTEN))
    for role in ("identity", "gateway"):
        (rule,) = provider_egress(rendered, role)
        assert rule == {
            "to": [{"ipBlock": {"cidr": "203.0.113.0/24"}}, {"ipBlock": {"cidr": "198.51.100.16/28"}}],
            "ports": [{"port": 443, "protocol": "TCP"}],
        }, role
    other_port = render(with_providers(IDPORTEN, egressPort=8443))
    for role in ("identity", "gateway"):
        assert len(provider_egress(other_port, role, 8443)) == 1 and not provider_egress(other_port, role)


def test_notes_list_the_redirect_uris_to_register(chart):
    values = with_providers(IDPORTEN, HELSEID)
    notes = next(t for p, t in chart.render(values, name="region", namespace=NAMESPACE).items()
                 if p.endswith("NOTES.txt"))
    assert "Sign-in with electronic ID: idporten, helseid." in notes
    for tenant in values["tenants"]:
        assert f"https://{tenant['host']}/login/oidc/callback" in notes
        assert f"https://{tenant['host']}/login\n" in notes + "\n"


# ---------------------------------------------------------------- without providers


def test_without_oidc_nothing_is_added(render, chart):
    no_providers = with_providers(clients={"existingSecret": ""}, nationalIdKey={"existingSecret": ""})
    for values in (region_values(2, oidc=False), no_providers):  # no block; egress addresses but no providers
        rendered = render(values)
        for name in WORKLOADS:
            env = deployment_env(rendered, name)
            assert not {n for n in env if n.startswith("RECONNECT_OIDC_")}, name
            assert provider_egress(rendered, name) == [], name
        for job in rendered.of_kind("Job"):
            assert not {n for n in container_env(job) if n.startswith("RECONNECT_OIDC_")}
        notes = next(t for p, t in chart.render(values, name="region", namespace=NAMESPACE).items()
                     if p.endswith("NOTES.txt"))
        assert "electronic ID" not in notes
    bare = render(region_values(2, oidc=False))
    assert not {"RECONNECT_NATIONAL_ID_KEY", "RECONNECT_OIDC_CLIENTS"} & set(deployment_env(bare, "identity"))
    assert "RECONNECT_OIDC_CLIENTS" not in deployment_env(bare, "gateway")


def test_the_chart_defaults_add_nothing(render):
    """The oidc block of values.yaml spelt out renders exactly as no block at all."""
    defaults = yaml.safe_load((CHART / "values.yaml").read_text())["oidc"]
    assert defaults == {
        "providers": [], "clients": {"existingSecret": "", "key": "clients"},
        "nationalIdKey": {"existingSecret": "", "key": "national-id-key"}, "egressCidrs": [], "egressPort": 443,
    }
    explicit = region_values(2, oidc=False)
    explicit["oidc"] = defaults
    assert render(explicit).objects == render(region_values(2, oidc=False)).objects


def test_a_national_id_key_without_providers_still_reaches_identity(render):
    """Accounts made with a national ID (the bootstrap, an admin) are hashed with it too,
    before any provider is configured."""
    values = region_values(2, oidc=False)
    values["oidc"] = {"nationalIdKey": {"existingSecret": "reconnect-national-id-key"}}
    rendered = render(values)
    env = deployment_env(rendered, "identity")
    assert env["RECONNECT_NATIONAL_ID_KEY"]["valueFrom"]["secretKeyRef"] == {
        "name": "reconnect-national-id-key", "key": "national-id-key"}
    assert "RECONNECT_OIDC_PROVIDERS" not in env
    assert provider_egress(rendered, "identity") == []


# ---------------------------------------------------------------- refused


def test_the_roles_a_provider_may_grant_are_the_roles_the_code_knows():
    schema = json.loads((CHART / "values.schema.json").read_text())
    enum = schema["definitions"]["oidcProvider"]["properties"]["roles"]["items"]["enum"]
    assert sorted(enum) == sorted(auth.ROLES)


@pytest.mark.parametrize(
    ("change", "where", "what"),
    [
        (lambda p: p.update(roles=["service_user", "superuser"]), "/oidc/providers/0/roles/1", "must be one of"),
        (lambda p: p.update(roles=[]), "/oidc/providers/0/roles", "roles"),
        (lambda p: p.pop("issuer"), "/oidc/providers/0", "'issuer'"),
        (lambda p: p.pop("clientId"), "/oidc/providers/0", "'clientId'"),
        (lambda p: p.update(issuer="http://idporten.no"), "/oidc/providers/0/issuer", "http://idporten.no"),
        (lambda p: p.update(acrLevels=[]), "/oidc/providers/0/acrLevels", "acrLevels"),
        (lambda p: p.update(name="ID porten"), "/oidc/providers/0/name", "ID porten"),
        # The service's spelling is not the values' spelling: refused, not silently dropped.
        (lambda p: p.update(client_id="x"), "/oidc/providers/0", "client_id"),
    ],
    ids=["unknown-role", "no-roles", "no-issuer", "no-client-id", "http-issuer", "no-acr-levels", "bad-name",
         "snake-case-key"],
)
def test_a_bad_provider_is_refused(render, change, where, what):
    provider = dict(IDPORTEN)
    change(provider)
    message = refused(render, with_providers(provider))
    assert where in message and what in message, message


def test_bad_oidc_network_and_secret_values_are_refused(render):
    message = refused(render, with_providers(IDPORTEN, egressCidrs=["idporten.no"]))
    assert "/oidc/egressCidrs/0" in message
    message = refused(render, with_providers(IDPORTEN, egressPort=0))
    assert "/oidc/egressPort" in message
    message = refused(render, with_providers(IDPORTEN, clients={"existingSecret": "Not_A_Name"}))
    assert "/oidc/clients/existingSecret" in message
    message = refused(render, with_providers(IDPORTEN, issuers=[]))
    assert "issuers" in message and "additional properties" in message


def test_providers_need_the_gateway_client_secret(render):
    message = refused(render, with_providers(IDPORTEN, clients={"existingSecret": ""}))
    assert "oidc.clients.existingSecret: required with oidc.providers" in message
    assert '"auth_method": "none"' in message  # how to say a provider is a public client


def test_providers_need_a_national_id_key_in_production(render):
    message = refused(render, with_providers(IDPORTEN, nationalIdKey={"existingSecret": "", "key": "k"}))
    assert "oidc.nationalIdKey.existingSecret: required with oidc.providers in production" in message


def test_providers_need_egress_addresses_when_policies_are_on(render):
    values = with_providers(IDPORTEN, egressCidrs=[])
    assert "oidc.egressCidrs: required with networkPolicy.enabled and oidc.providers" in refused(render, values)
    values["networkPolicy"] = {"enabled": False}
    rendered = render(values)  # without policies there is nothing to open
    assert "RECONNECT_OIDC_PROVIDERS" in deployment_env(rendered, "identity")


def test_provider_names_are_unique(render):
    message = refused(render, with_providers(IDPORTEN, {**HELSEID, "name": "idporten"}))
    assert 'oidc.providers: name "idporten" appears twice' in message


@pytest.mark.parametrize(
    ("service", "variable"),
    [("identity", "RECONNECT_OIDC_PROVIDERS"), ("identity", "RECONNECT_NATIONAL_ID_KEY"),
     ("gateway", "RECONNECT_OIDC_CLIENTS")],
)
def test_oidc_variables_are_not_plain_env(render, service, variable):
    """Set twice they would clash; set as a plain value a secret would sit in the values."""
    values = with_providers(IDPORTEN)
    values["services"][service]["env"] = {variable: "[]"}
    assert f"services.{service}.env.{variable}: set it with the oidc block" in refused(render, values)
