"""The Helm chart renders a valid, locked-down region for 1, 3 and 20 municipalities,
with every toggle on and off, and keeps the invariants a region relies on."""

from __future__ import annotations

import json

import helm_python
import kubernetes_validate
import pytest
import yaml

from tests.deploy.conftest import (
    CHART,
    EXAMPLE,
    KUBE_VERSION,
    NAMESPACE,
    RELEASE,
    region_values,
    with_stub_nats_chart,
    without_nats_dependency,
)

TOGGLES = ("networkPolicy", "ingress", "serviceMonitor", "prometheusRule", "grafanaDashboards",
           "autoscaling", "podDisruptionBudget", "oidc")
# Kinds from CRDs kubernetes-validate has no schema for; checked by hand below.
OPERATOR_KINDS = {"ServiceMonitor", "PrometheusRule"}
SECRET_ENV = ("RECONNECT_MASTER_KEY", "RECONNECT_DATABASE_URL", "RECONNECT_SECRET_KEY", "RECONNECT_NATIONAL_ID_KEY",
              "RECONNECT_OIDC_CLIENTS")
GRPC_ENV = {
    "RECONNECT_ENVIRONMENT", "RECONNECT_DATABASE_URL", "RECONNECT_NATS_URL", "RECONNECT_MASTER_KEY",
    "RECONNECT_IDENTITY_ADDRESS", "RECONNECT_GRPC_HOST", "RECONNECT_GRPC_PORT", "RECONNECT_METRICS_PORT",
    "RECONNECT_LOG_LEVEL",
}
GATEWAY_ENV = {
    "RECONNECT_ENVIRONMENT", "RECONNECT_NATS_URL", "RECONNECT_IDENTITY_ADDRESS", "RECONNECT_LOG_LEVEL",
    "RECONNECT_SECRET_KEY", "RECONNECT_HTTP_HOST", "RECONNECT_HTTP_PORT", "RECONNECT_BASE_DOMAIN",
}


def full(name: str) -> str:
    return f"{RELEASE}-reconnect-{name}"


def env_of(container: dict) -> dict[str, dict]:
    return {e["name"]: e for e in container.get("env", [])}


def assert_valid_kubernetes(rendered) -> None:
    for obj in rendered.objects:
        manifest = {k: v for k, v in obj.items() if k != "_template"}
        if obj["kind"] in OPERATOR_KINDS:
            assert manifest["apiVersion"] == "monitoring.coreos.com/v1"
            assert set(manifest) == {"apiVersion", "kind", "metadata", "spec"}
            continue
        kubernetes_validate.validate(manifest, KUBE_VERSION, strict=True)


def assert_locked_down(rendered) -> None:
    """Every pod (Deployments and hook Jobs): non-root, read-only root, no privileges,
    a writable /tmp, limits; every Deployment also probes."""
    pod_specs = [(o, o["spec"]["template"]["spec"]) for o in rendered.of_kind("Deployment") + rendered.of_kind("Job")]
    assert pod_specs
    for obj, spec in pod_specs:
        where = f"{obj['kind']}/{obj['metadata']['name']}"
        assert spec["securityContext"]["runAsNonRoot"] is True, where
        assert spec["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}, where
        assert spec["automountServiceAccountToken"] is False, where
        tmp_volumes = {v["name"] for v in spec["volumes"] if "emptyDir" in v}
        for container in spec["containers"]:
            sc = container["securityContext"]
            assert sc["readOnlyRootFilesystem"] is True, where
            assert sc["allowPrivilegeEscalation"] is False, where
            assert sc["capabilities"]["drop"] == ["ALL"], where
            assert sc["seccompProfile"] == {"type": "RuntimeDefault"}, where
            assert {"cpu", "memory"} <= set(container["resources"]["limits"]), where
            assert {"cpu", "memory"} <= set(container["resources"]["requests"]), where
            assert any(m["mountPath"] == "/tmp" and m["name"] in tmp_volumes for m in container["volumeMounts"]), where
            # Secrets only by reference: never a literal value for a secret variable.
            for name, entry in env_of(container).items():
                if name in SECRET_ENV:
                    assert "value" not in entry and "secretKeyRef" in entry["valueFrom"], f"{where}: {name}"
            if obj["kind"] == "Deployment":
                for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
                    assert probe in container, f"{where}: no {probe}"


def assert_no_secret_material(rendered, values) -> None:
    assert not rendered.of_kind("Secret"), "the chart must not create Secrets; it references existing ones"
    text = rendered.text()
    for marker in ("postgresql://", "postgresql+psycopg://", "BEGIN PRIVATE KEY", "password="):
        assert marker not in text


# ---------------------------------------------------------------- renders


@pytest.mark.parametrize("tenants", [1, 3, 20])
def test_region_renders_valid_locked_down_manifests(render, tenants):
    values = region_values(tenants)
    rendered = render(values)
    assert_valid_kubernetes(rendered)
    assert_locked_down(rendered)
    assert_no_secret_material(rendered, values)

    ingress = rendered.named("Ingress", f"{RELEASE}-reconnect")
    hosts = [rule["host"] for rule in ingress["spec"]["rules"]]
    assert hosts == [t["host"] for t in values["tenants"]]
    assert sorted(h for tls in ingress["spec"]["tls"] for h in tls["hosts"]) == sorted(hosts)
    # cert-manager: one certificate Secret per municipality.
    assert len({tls["secretName"] for tls in ingress["spec"]["tls"]}) == tenants
    assert ingress["metadata"]["annotations"]["cert-manager.io/cluster-issuer"] == "letsencrypt-prod"

    config = json.loads(rendered.named("ConfigMap", f"{RELEASE}-reconnect-tenants")["data"]["tenants.json"])
    assert [t["slug"] for t in config["tenants"]] == [t["slug"] for t in values["tenants"]]


@pytest.mark.parametrize(
    "toggles",
    [dict.fromkeys(TOGGLES, True), dict.fromkeys(TOGGLES, False)]
    + [{name: False} for name in TOGGLES],
    ids=["all-on", "all-off", *(f"{name}-off" for name in TOGGLES)],
)
def test_every_toggle_renders(render, toggles):
    rendered = render(region_values(3, **toggles))
    assert_valid_kubernetes(rendered)
    assert_locked_down(rendered)
    kinds = {o["kind"] for o in rendered.objects}
    expect = {
        "networkPolicy": "NetworkPolicy",
        "ingress": "Ingress",
        "serviceMonitor": "ServiceMonitor",
        "prometheusRule": "PrometheusRule",
        "autoscaling": "HorizontalPodAutoscaler",
        "podDisruptionBudget": "PodDisruptionBudget",
    }
    for toggle, kind in expect.items():
        on = toggles.get(toggle, toggle in ("networkPolicy", "ingress", "serviceMonitor", "prometheusRule",
                                            "podDisruptionBudget"))
        assert (kind in kinds) == on, f"{toggle}={on} but {kind} {'missing' if on else 'present'}"
    dashboards_on = toggles.get("grafanaDashboards", True)
    dashboard_maps = [c for c in rendered.of_kind("ConfigMap") if c["metadata"]["labels"].get("grafana_dashboard")]
    assert bool(dashboard_maps) == dashboards_on


def test_autoscaling_leaves_replicas_to_the_hpa(render):
    rendered = render(region_values(2, autoscaling=True))
    for name in ("identity", "gateway"):
        assert "replicas" not in rendered.named("Deployment", full(name))["spec"]
        hpa = rendered.named("HorizontalPodAutoscaler", full(name))
        assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": full(name)}
    assert rendered.named("Deployment", full("identity"))
    without = render(region_values(2, autoscaling=False))
    assert without.named("Deployment", full("identity"))["spec"]["replicas"] == 2


def test_example_values_file_renders(render):
    values = yaml.safe_load(EXAMPLE.read_text())
    rendered = render(values, name="reconnect", namespace="reconnect")
    assert_valid_kubernetes(rendered)
    assert_locked_down(rendered)
    hosts = [r["host"] for r in rendered.named("Ingress", "reconnect")["spec"]["rules"]]
    assert hosts == ["nordvik.reconnect.helse-nord.example.no", "sorby.reconnect.helse-nord.example.no"]


# ---------------------------------------------------------------- lint


def test_chart_lints_strictly(tmp_path):
    values = yaml.safe_load(EXAMPLE.read_text())
    report = helm_python.lint(without_nats_dependency(tmp_path), values, strict=True,
                              kube_version=f"v{KUBE_VERSION}")
    assert report["errors"] == [], report
    assert [m for m in report["messages"] if m["severity"] >= 2] == [], report


def test_the_only_lint_finding_on_the_real_chart_is_the_undownloaded_nats_chart():
    values = yaml.safe_load(EXAMPLE.read_text())
    report = helm_python.lint(CHART, values, strict=True, kube_version=f"v{KUBE_VERSION}")
    assert report["errors"] == ["chart directory is missing these dependencies: nats"], report


def test_nats_is_an_optional_dependency():
    meta = yaml.safe_load((CHART / "Chart.yaml").read_text())
    (dep,) = meta["dependencies"]
    assert dep["name"] == "nats"
    assert dep["repository"] == "https://nats-io.github.io/k8s/helm/charts/"
    assert dep["condition"] == "nats.enabled"
    assert yaml.safe_load((CHART / "values.yaml").read_text())["nats"]["enabled"] is False


# ---------------------------------------------------------------- workloads


def test_grpc_service_deployment(render):
    rendered = render(region_values(2))
    deployment = rendered.named("Deployment", full("identity"))
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    assert container["command"] == ["python", "-m", "services.identity"]
    assert container["args"] == ["serve"]
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert container[probe]["grpc"] == {"port": 50051}
    env = env_of(container)
    assert set(env) >= GRPC_ENV
    assert env["RECONNECT_ENVIRONMENT"]["value"] == "production"
    assert env["RECONNECT_GRPC_HOST"]["value"] == "0.0.0.0"
    assert env["RECONNECT_GRPC_PORT"]["value"] == "50051"
    assert env["RECONNECT_METRICS_PORT"]["value"] == "9090"
    assert env["RECONNECT_NATS_URL"]["value"] == "nats://nats.nats.svc.cluster.local:4222"
    assert env["RECONNECT_DATABASE_URL"]["valueFrom"]["secretKeyRef"] == {"name": "reconnect-identity-db", "key": "url"}
    assert env["RECONNECT_MASTER_KEY"]["valueFrom"]["secretKeyRef"] == {"name": "reconnect-master-key", "key": "master-key"}
    # The identity address is the identity Service's DNS name and gRPC port.
    service = rendered.named("Service", full("identity"))
    grpc_port = next(p["port"] for p in service["spec"]["ports"] if p["name"] == "grpc")
    expected = f"{full('identity')}.{NAMESPACE}.svc.cluster.local:{grpc_port}"
    assert env["RECONNECT_IDENTITY_ADDRESS"]["value"] == expected
    assert service["spec"]["selector"] == deployment["spec"]["selector"]["matchLabels"]
    assert deployment["spec"]["template"]["spec"]["serviceAccountName"] == full("identity")
    assert rendered.named("ServiceAccount", full("identity"))["automountServiceAccountToken"] is False


def test_gateway_deployment(render):
    rendered = render(region_values(2))
    (container,) = rendered.named("Deployment", full("gateway"))["spec"]["template"]["spec"]["containers"]
    assert container["command"] == ["python", "-m", "services.gateway"]
    assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
    assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    env = env_of(container)
    assert set(env) >= GATEWAY_ENV
    assert env["RECONNECT_HTTP_HOST"]["value"] == "0.0.0.0"
    assert env["RECONNECT_BASE_DOMAIN"]["value"] == "reconnect.helse-nord.example.no"
    assert env["RECONNECT_SECRET_KEY"]["valueFrom"]["secretKeyRef"]["name"] == "reconnect-gateway-session"
    # The gateway holds no data: no database, no master key.
    assert "RECONNECT_DATABASE_URL" not in env and "RECONNECT_MASTER_KEY" not in env
    assert len(container["env"]) == len(env), "an environment variable is set twice"


def test_adding_a_service_is_one_entry(render):
    values = region_values(2)
    values["services"]["journal"] = {"database": {"existingSecret": "reconnect-journal-db"}}
    rendered = render(values)
    assert_valid_kubernetes(rendered)
    assert_locked_down(rendered)
    for kind in ("Deployment", "Service", "ServiceAccount", "PodDisruptionBudget", "NetworkPolicy"):
        rendered.named(kind, full("journal"))
    job = rendered.named("Job", full("journal") + "-migrate")
    assert job["spec"]["template"]["spec"]["containers"][0]["command"] == ["python", "-m", "services.journal"]
    gateway_env = env_of(rendered.named("Deployment", full("gateway"))["spec"]["template"]["spec"]["containers"][0])
    assert gateway_env["RECONNECT_JOURNAL_ADDRESS"]["value"] == f"{full('journal')}.{NAMESPACE}.svc.cluster.local:50051"
    # journal may call identity (token keys); the gateway may call journal.
    assert "journal" in callers_of(rendered, "identity")
    assert callers_of(rendered, "journal") == ["gateway"]
    assert "identity" in egress_roles(rendered, "journal")


def test_the_toolbox_may_call_messaging_and_knows_where_it_is(render):
    rendered = render(region_values(2))
    assert callers_of(rendered, "messaging") == ["gateway", "toolbox"]
    assert "messaging" in egress_roles(rendered, "toolbox")
    toolbox_env = env_of(rendered.named("Deployment", full("toolbox"))["spec"]["template"]["spec"]["containers"][0])
    assert toolbox_env["RECONNECT_MESSAGING_ADDRESS"]["value"].startswith(full("messaging") + ".")


def test_migrations_are_hook_jobs_not_pod_start(render):
    rendered = render(region_values(2))
    job = rendered.named("Job", full("identity") + "-migrate")
    annotations = job["metadata"]["annotations"]
    assert set(annotations["helm.sh/hook"].split(",")) == {"pre-install", "pre-upgrade"}
    (container,) = job["spec"]["template"]["spec"]["containers"]
    assert container["command"] + container["args"] == ["python", "-m", "services.identity", "migrate"]
    assert container["env"] == rendered.named("Deployment", full("identity"))["spec"]["template"]["spec"]["containers"][0]["env"]
    # The migrate Job's pod is not an endpoint of the service it migrates.
    selector = rendered.named("Service", full("identity"))["spec"]["selector"]
    pod_labels = job["spec"]["template"]["metadata"]["labels"]
    assert not all(pod_labels.get(k) == v for k, v in selector.items())
    for deployment in rendered.of_kind("Deployment"):
        for c in deployment["spec"]["template"]["spec"]["containers"]:
            assert "migrate" not in c.get("args", []) + c.get("command", [])
            assert not c.get("initContainers")
    forum = rendered.named("Job", full("forum") + "-migrate")["spec"]["template"]["spec"]["containers"][0]
    assert forum["command"] + forum["args"] == ["python", "-m", "services.forum", "migrate"]
    # The gateway has no database, so no migration Job.
    assert not [j for j in rendered.of_kind("Job") if "gateway" in j["metadata"]["name"]]


def test_tenant_bootstrap_job_reads_the_tenants_configmap(render):
    values = region_values(3)
    rendered = render(values)
    job = rendered.named("Job", full("identity") + "-bootstrap")
    assert set(job["metadata"]["annotations"]["helm.sh/hook"].split(",")) == {"post-install", "post-upgrade"}
    spec = job["spec"]["template"]["spec"]
    (container,) = spec["containers"]
    assert container["command"] + container["args"] == [
        "python", "-m", "services.identity", "bootstrap", "/config/tenants.json"]
    configmap_volume = next(v for v in spec["volumes"] if "configMap" in v)
    assert any(m["mountPath"] == "/config" and m["name"] == configmap_volume["name"] for m in container["volumeMounts"])
    configmap = rendered.named("ConfigMap", configmap_volume["configMap"]["name"])
    plan = json.loads(configmap["data"]["tenants.json"])
    first = values["tenants"][0]
    assert plan["tenants"][0] == {
        "slug": first["slug"], "name": first["name"], "locale": "nb", "time_zone": "Europe/Oslo",
        "hosts": [first["host"]], "crisis_contacts": [{"name": "Legevakt", "phone": "116 117"}],
    }
    # A changed tenant list changes the Job (so the upgrade's hook is a new run).
    other = render(region_values(4)).named("Job", full("identity") + "-bootstrap")
    assert other["metadata"]["annotations"]["checksum/tenants"] != job["metadata"]["annotations"]["checksum/tenants"]


def test_bootstrap_plan_is_what_the_identity_command_reads(render):
    """The ConfigMap's JSON feeds services.identity's bootstrap: the keys it reads are there."""
    import inspect

    from services.identity import __main__ as identity_main

    source = inspect.getsource(identity_main.bootstrap)
    plan = json.loads(render(region_values(1)).named("ConfigMap", f"{RELEASE}-reconnect-tenants")["data"]["tenants.json"])
    for key in ("slug", "name", "locale", "time_zone", "hosts"):
        assert f'"{key}"' in source
        assert key in plan["tenants"][0]


# ---------------------------------------------------------------- network policies


def policy_for(rendered, role: str) -> dict:
    return rendered.named("NetworkPolicy", full(role))


def callers_of(rendered, role: str) -> list[str]:
    policy = policy_for(rendered, role)
    roles = []
    for rule in policy["spec"]["ingress"]:
        for peer in rule["from"]:
            for expr in peer.get("podSelector", {}).get("matchExpressions", []):
                if expr["key"] == "reconnect.io/network-role":
                    roles += expr["values"]
    return sorted(roles)


def egress_roles(rendered, role: str) -> list[str]:
    policy = policy_for(rendered, role)
    return [
        peer["podSelector"]["matchLabels"]["reconnect.io/network-role"]
        for rule in policy["spec"]["egress"]
        for peer in rule["to"]
        if "reconnect.io/network-role" in peer.get("podSelector", {}).get("matchLabels", {})
    ]


# Every service of the chart's default values: identity is called by all the others.
DEFAULT_SERVICES = ("identity", "forum", "messaging", "events", "toolbox", "gateway")


def test_network_policies(render):
    rendered = render(region_values(2))
    deny = rendered.named("NetworkPolicy", f"{RELEASE}-reconnect-default-deny")
    assert deny["spec"]["policyTypes"] == ["Ingress", "Egress"]
    assert "ingress" not in deny["spec"] and "egress" not in deny["spec"]

    # Every workload's pods are selected by a policy of their own.
    for deployment in rendered.of_kind("Deployment"):
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        role = labels["reconnect.io/network-role"]
        selector = policy_for(rendered, role)["spec"]["podSelector"]["matchLabels"]
        assert all(labels.get(k) == v for k, v in selector.items()), role
    # Hook Jobs carry their service's role, so they get its egress (the database).
    for job in rendered.of_kind("Job"):
        role = job["spec"]["template"]["metadata"]["labels"]["reconnect.io/network-role"]
        assert job["metadata"]["name"].startswith(full(role) + "-"), job["metadata"]["name"]

    # Only the ingress controller (and Prometheus) reach the gateway.
    gateway = policy_for(rendered, "gateway")
    sources = [peer["namespaceSelector"]["matchLabels"] for rule in gateway["spec"]["ingress"] for peer in rule["from"]]
    assert sources == [{"kubernetes.io/metadata.name": "ingress-nginx"}, {"kubernetes.io/metadata.name": "monitoring"}]
    # Identity: callable by the gateway and every other service; forum by the gateway.
    assert callers_of(rendered, "identity") == sorted(s for s in DEFAULT_SERVICES if s != "identity")
    assert callers_of(rendered, "forum") == ["gateway"]
    # The metrics port: Prometheus only.
    identity = policy_for(rendered, "identity")
    metrics_rule = next(r for r in identity["spec"]["ingress"] if r["ports"] == [{"port": 9090, "protocol": "TCP"}])
    assert metrics_rule["from"] == [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "monitoring"}}}]

    # Egress: DNS, NATS, the database only where there is one, identity for the others,
    # and the OpenID providers (the example signs in with ID-porten) for identity and the gateway.
    def egress_ports(role):
        return sorted({p["port"] for rule in policy_for(rendered, role)["spec"]["egress"] for p in rule["ports"]})

    assert egress_ports("identity") == [53, 443, 4222, 5432]
    assert egress_ports("forum") == [53, 4222, 5432, 50051]
    assert egress_ports("gateway") == [53, 443, 4222, 50051]
    assert sorted(egress_roles(rendered, "gateway")) == sorted(s for s in DEFAULT_SERVICES if s != "gateway")
    assert egress_roles(rendered, "forum") == ["identity"]
    database_rule = next(r for r in identity["spec"]["egress"] if r["ports"][0]["port"] == 5432)
    assert database_rule["to"] == [{"ipBlock": {"cidr": "10.40.12.0/24"}}]


def test_callers_are_a_per_service_list(render):
    values = region_values(2)
    values["services"]["forum"] = {"database": {"existingSecret": "forum-db"}}
    values["services"]["events"] = {"database": {"existingSecret": "events-db"}, "callers": ["gateway", "forum"]}
    rendered = render(values)
    assert callers_of(rendered, "events") == ["forum", "gateway"]
    assert sorted(egress_roles(rendered, "forum")) == ["events", "identity"]
    assert callers_of(rendered, "identity") == sorted(set(DEFAULT_SERVICES) - {"identity"})


# ---------------------------------------------------------------- NATS, TLS, observability


def test_bundled_nats_needs_the_dependency_built(render):
    values = region_values(2)
    values["nats"] = {"enabled": True}
    values["eventBus"] = {"url": ""}
    with pytest.raises(helm_python.HelmRenderError, match="helm dependency build"):
        render(values)


def test_bundled_nats_when_the_dependency_is_present(tmp_path):
    values = region_values(2)
    values["nats"] = {"enabled": True}
    values["eventBus"] = {}
    with helm_python.Chart.load(with_stub_nats_chart(tmp_path)) as chart:
        files = chart.render(values, name=RELEASE, namespace=NAMESPACE)
    objects = [d for path, text in files.items() if not path.endswith("NOTES.txt") for d in yaml.safe_load_all(text) if d]
    identity = next(o for o in objects if o["kind"] == "Deployment" and o["metadata"]["name"] == full("identity"))
    env = env_of(identity["spec"]["template"]["spec"]["containers"][0])
    assert env["RECONNECT_NATS_URL"]["value"] == f"nats://{RELEASE}-nats.{NAMESPACE}.svc.cluster.local:4222"
    policy = next(o for o in objects if o["kind"] == "NetworkPolicy" and o["metadata"]["name"] == full("identity"))
    nats_rule = next(r for r in policy["spec"]["egress"] if r["ports"][0]["port"] == 4222)
    assert nats_rule["to"] == [{"podSelector": {"matchLabels": {
        "app.kubernetes.io/name": "nats", "app.kubernetes.io/instance": RELEASE}}}]


def test_tls_from_an_existing_secret(render):
    values = region_values(3)
    values["ingress"]["tls"] = {"existingSecret": "reconnect-wildcard"}
    values["ingress"]["baseDomainHost"] = True
    ingress = render(values).named("Ingress", f"{RELEASE}-reconnect")
    assert "cert-manager.io/cluster-issuer" not in ingress["metadata"].get("annotations", {})
    (tls,) = ingress["spec"]["tls"]
    assert tls["secretName"] == "reconnect-wildcard"
    assert tls["hosts"] == [t["host"] for t in values["tenants"]] + [values["baseDomain"]]


def test_service_monitor_scrapes_every_service(render):
    rendered = render(region_values(2))
    monitor = rendered.named("ServiceMonitor", f"{RELEASE}-reconnect")
    assert monitor["metadata"]["labels"]["release"] == "kube-prometheus-stack"
    ports = {e["port"] for e in monitor["spec"]["endpoints"]}
    selector = monitor["spec"]["selector"]["matchLabels"]
    for service in rendered.of_kind("Service"):
        assert all(service["metadata"]["labels"].get(k) == v for k, v in selector.items())
        assert ports & {p["name"] for p in service["spec"]["ports"]}, service["metadata"]["name"]
    for endpoint in monitor["spec"]["endpoints"]:
        targets = {r["targetLabel"] for r in endpoint["relabelings"]}
        assert {"service", "part_of"} <= targets, "dashboards and alerts select on these"


def test_prometheus_rule_ships_the_rules_file(render):
    rendered = render(region_values(2))
    rule = rendered.named("PrometheusRule", f"{RELEASE}-reconnect")
    source = yaml.safe_load((CHART.parents[1] / "prometheus" / "reconnect-alerts.yaml").read_text())
    assert rule["spec"] == source


def test_grafana_dashboards_are_configmaps_for_the_sidecar(render):
    rendered = render(region_values(2))
    maps = [c for c in rendered.of_kind("ConfigMap") if c["metadata"]["labels"].get("grafana_dashboard") == "1"]
    files = sorted((CHART / "dashboards").glob("*.json"))
    assert len(maps) == len(files) >= 3
    shipped = {key: json.loads(value) for c in maps for key, value in c["data"].items()}
    assert shipped == {f.name: json.loads(f.read_text()) for f in files}


def test_two_regions_share_a_namespace_without_clashing(render):
    one, two = ({(o["kind"], o["metadata"]["name"]) for o in render(region_values(2), name=release).objects}
                for release in ("nord", "sor"))
    assert one and not one & two
