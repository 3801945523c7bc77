"""Bad values are refused before anything reaches a cluster, with a message that names
the value to fix (values.schema.json, and the chart's own checks for what a schema
cannot say)."""

from __future__ import annotations

import helm_python
import pytest

from tests.deploy.conftest import region_values


def refused(render, values) -> str:
    with pytest.raises((helm_python.HelmValuesError, helm_python.HelmRenderError)) as caught:
        render(values)
    return str(caught.value)


def test_a_tenant_without_a_host(render):
    values = region_values(3)
    del values["tenants"][1]["host"]
    message = refused(render, values)
    assert "/tenants/1" in message and "'host'" in message


def test_a_tenant_without_crisis_contacts(render):
    values = region_values(1)
    values["tenants"][0]["crisisContacts"] = []
    assert "/tenants/0/crisisContacts" in refused(render, values)


def test_a_tenant_host_that_is_not_a_host_name(render):
    values = region_values(1)
    values["tenants"][0]["host"] = "https://nordvik.example.no/"
    assert "/tenants/0/host" in refused(render, values)


def test_no_tenants(render):
    values = region_values(1)
    values["tenants"] = []
    assert "/tenants" in refused(render, values)


def test_duplicate_tenants(render):
    values = region_values(2)
    values["tenants"][1]["slug"] = values["tenants"][0]["slug"]
    assert "slug" in refused(render, values) and values["tenants"][0]["slug"] in refused(render, values)
    values = region_values(2)
    values["tenants"][1]["host"] = values["tenants"][0]["host"]
    assert "host" in refused(render, values)


@pytest.mark.parametrize(
    "path",
    [
        ("secrets", "masterKey"),
        ("services", "identity", "database"),
        ("services", "forum", "database"),
        ("services", "gateway", "sessionSecret"),
    ],
)
def test_a_missing_secret_name(render, path):
    values = region_values(1)
    holder = values
    for key in path:
        holder = holder[key]
    del holder["existingSecret"]
    message = refused(render, values)
    assert "/" + "/".join(path) in message and "existingSecret" in message


def test_an_empty_secret_name(render):
    values = region_values(1)
    values["secrets"]["masterKey"]["existingSecret"] = ""
    assert "/secrets/masterKey/existingSecret" in refused(render, values)


def test_a_new_service_without_database_secret_name(render):
    values = region_values(1)
    values["services"]["messaging"] = {"database": {"key": "url"}}
    message = refused(render, values)
    assert "/services/messaging/database" in message and "existingSecret" in message


@pytest.mark.parametrize("service", ["identity", "gateway"])
def test_replicas_below_one(render, service):
    values = region_values(1)
    values["services"][service]["replicas"] = 0
    assert f"/services/{service}/replicas" in refused(render, values)


def test_unknown_keys_are_refused_not_ignored(render):
    values = region_values(1)
    values["services"]["identity"]["replica"] = 3  # a typo Helm would otherwise ignore
    message = refused(render, values)
    assert "replica" in message and "additional properties" in message
    values = region_values(1)
    values["ingres"] = {"enabled": False}
    assert "ingres" in refused(render, values)


def test_limits_are_required(render):
    values = region_values(1)
    values["services"]["identity"]["resources"] = {"limits": None}  # null removes a default in Helm
    message = refused(render, values)
    assert "/services/identity/resources" in message and "limits" in message


def test_external_nats_needs_a_url_and_peers(render):
    values = region_values(1)
    values["eventBus"]["url"] = ""
    assert "eventBus.url" in refused(render, values)
    values = region_values(1)
    values["eventBus"]["peers"] = []
    assert "eventBus.peers" in refused(render, values)
    values = region_values(1)
    values["eventBus"]["url"] = "http://nats:4222"
    assert "/eventBus/url" in refused(render, values)


def test_database_cidrs_needed_for_the_egress_policy(render):
    values = region_values(1)
    values["database"]["cidrs"] = []
    assert "database.cidrs" in refused(render, values)
    values["networkPolicy"] = {"enabled": False}
    render(values)  # without policies there is nothing to open


def test_ingress_needs_tls(render):
    values = region_values(1)
    values["ingress"]["tls"] = {"certManager": {"clusterIssuer": ""}, "existingSecret": ""}
    assert "ingress.tls" in refused(render, values)


def test_callers_must_be_services(render):
    values = region_values(1)
    values["services"]["identity"]["callers"] = ["gateway", "forumm"]
    assert "services.identity.callers" in refused(render, values) and "forumm" in refused(render, values)


def test_the_chart_defaults_alone_are_not_installable(chart):
    """A region must say who it is: the defaults name no image, tenants or secrets."""
    with pytest.raises(helm_python.HelmValuesError) as caught:
        chart.validate_schema({})
    message = str(caught.value)
    for field in ("/image/repository", "/tenants", "/secrets/masterKey/existingSecret"):
        assert field in message
