"""Dashboards and alert rules: they name metrics the code really exports, carry no
personal data, ship inside the chart unchanged, and the alerts are unit-tested."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
import yaml

from tests.deploy.conftest import CHART, DEPLOY, ROOT

GRAFANA = DEPLOY / "grafana"
RULES = DEPLOY / "prometheus" / "reconnect-alerts.yaml"
RULE_TESTS = DEPLOY / "prometheus" / "reconnect-alerts.test.yaml"
# Series other exporters provide: Prometheus itself, kube-state-metrics, cert-manager.
EXTERNAL_METRICS = {"up", "kube_pod_container_status_restarts_total",
                    "certmanager_certificate_expiration_timestamp_seconds"}
# Labels that would identify a person; none may appear in a query or a rule.
PERSONAL_LABELS = {"account", "account_id", "actor", "user", "user_id", "username", "pseudonym", "email",
                   "real_name", "national_id", "client_ip", "ip", "phone"}
PROMQL_WORDS = {"sum", "by", "rate", "increase", "histogram_quantile", "topk", "count", "max", "min", "on",
                "group_left", "and", "or", "unless", "without", "deriv", "min_over_time", "time", "le",
                "label_values", "bool", "offset", "delta", "abs", "avg"}


def exported_metrics() -> set[str]:
    """Metric names declared in the code (prometheus_client constructors)."""
    names = set()
    for path in [ROOT / "services" / "kit" / "metrics.py", *(ROOT / "services").glob("*/middleware.py")]:
        for kind, name in re.findall(r'\b(Counter|Gauge|Histogram|Summary)\(\s*"([a-z_:]+)"', path.read_text()):
            if kind == "Histogram":
                names |= {f"{name}_bucket", f"{name}_sum", f"{name}_count"}
            elif kind == "Counter":
                names.add(name if name.endswith("_total") else f"{name}_total")
            else:
                names.add(name)
    return names


def metric_names(expr: str) -> set[str]:
    expr = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)  # drop label values
    expr = re.sub(r"\{[^}]*\}", "", expr)  # and matchers
    expr = re.sub(r"\[[^\]]*\]", "", expr)  # and ranges
    expr = re.sub(r"\b(?:by|on|without|ignoring|group_left|group_right)\s*\([^)]*\)", "", expr)  # and label lists
    words = set(re.findall(r"\b[a-zA-Z_:][a-zA-Z0-9_:]*\b", expr))
    return {w for w in words if "_" in w and w not in PROMQL_WORDS and not w.startswith("__")}


def label_names(expr: str) -> set[str]:
    """Label names a query selects on or groups by."""
    names = set(re.findall(r"([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)\s*\"", expr))
    for group in re.findall(r"\b(?:by|on|without|ignoring)\s*\(([^)]*)\)", expr):
        names |= {n.strip() for n in group.split(",") if n.strip()}
    return names


def dashboard_exprs(board: dict) -> list[str]:
    exprs = []
    for panel in board["panels"]:
        exprs += [t["expr"] for t in panel.get("targets", [])]
    return exprs


def alert_rules() -> list[dict]:
    return [rule for group in yaml.safe_load(RULES.read_text())["groups"] for rule in group["rules"]]


# ---------------------------------------------------------------- dashboards


def test_dashboards_in_the_chart_are_the_grafana_sources():
    """deploy/grafana/ is the source; the chart carries a copy (no symlinks: a packaged
    chart must stand alone). After editing: cp deploy/grafana/*.json deploy/helm/reconnect/dashboards/"""
    sources = {p.name: p.read_bytes() for p in GRAFANA.glob("*.json")}
    copies = {p.name: p.read_bytes() for p in (CHART / "dashboards").glob("*.json")}
    assert sources and copies == sources


@pytest.mark.parametrize("path", sorted(GRAFANA.glob("*.json")), ids=lambda p: p.name)
def test_dashboard_queries_name_real_metrics(path):
    board = json.loads(path.read_text())
    assert board["uid"].startswith("reconnect-") and board["title"].startswith("ReConnect / ")
    known = exported_metrics() | EXTERNAL_METRICS
    exprs = dashboard_exprs(board)
    assert exprs
    for expr in exprs:
        unknown = metric_names(expr) - known
        assert not unknown, f"{path.name}: {expr!r} uses {unknown}"
        assert not label_names(expr) & PERSONAL_LABELS, expr
        # Every query is scoped to one region.
        assert 'namespace="$namespace"' in expr, expr
    ids = [p["id"] for p in board["panels"]]
    assert len(ids) == len(set(ids))


def test_overview_covers_what_ops_watches():
    exprs = " ".join(dashboard_exprs(json.loads((GRAFANA / "overview.json").read_text())))
    for metric in ("grpc_server_handled_total", "grpc_server_handling_seconds_bucket", "gateway_http_requests_total",
                   "gateway_http_request_duration_seconds_bucket", "reconnect_outbox_backlog",
                   "reconnect_consumer_pending", "reconnect_consumer_redeliveries_total", "reconnect_nats_connected",
                   "kube_pod_container_status_restarts_total"):
        assert metric in exprs, metric
    for quantile in ("0.5", "0.95", "0.99"):
        assert f"histogram_quantile({quantile}," in exprs


@pytest.mark.parametrize("service,required", [
    ("identity", {"account_created", "pseudonym_changed"}),
    ("forum", {"post_created", "crisis_flagged"}),
])
def test_service_dashboard_counts_its_domain_events_by_tenant(service, required):
    exprs = dashboard_exprs(json.loads((GRAFANA / f"{service}.json").read_text()))
    domain = [e for e in exprs if "reconnect_domain_events_total" in e]
    assert all(f'service="{service}"' in e for e in domain)
    types = {m for e in domain for m in re.findall(r'type="([a-z_]+)"', e)}
    assert required <= types
    # The event types named are ones the service really emits.
    source = (ROOT / "services" / service / "domain.py").read_text()
    emitted = set(re.findall(r'emit\(\s*session,\s*"([a-z_]+)"', source))
    assert types <= emitted, types - emitted
    assert all("by (tenant" in e for e in domain)


def test_dashboard_queries_parse(tmp_path):
    """promtool checks every dashboard query as PromQL (Grafana's variables filled in)."""
    promtool = shutil.which("promtool")
    if not promtool:
        pytest.skip("promtool not installed (apt-get install prometheus)")
    rules = []
    for path in sorted(GRAFANA.glob("*.json")):
        for i, expr in enumerate(dashboard_exprs(json.loads(path.read_text()))):
            expr = expr.replace("$__rate_interval", "5m").replace("$__range", "6h").replace("$namespace", "region")
            rules.append({"record": f"dashboard:{path.stem}:{i}", "expr": expr})
    (tmp_path / "dashboards.yaml").write_text(yaml.safe_dump({"groups": [{"name": "dashboards", "rules": rules}]}))
    result = subprocess.run([promtool, "check", "rules", str(tmp_path / "dashboards.yaml")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


# ---------------------------------------------------------------- alerts


def test_rules_in_the_chart_are_the_prometheus_source():
    """After editing: cp deploy/prometheus/reconnect-alerts.yaml deploy/helm/reconnect/rules/"""
    assert (CHART / "rules" / "reconnect-alerts.yaml").read_bytes() == RULES.read_bytes()


def test_every_alert_has_severity_for_and_a_runbook():
    rules = alert_rules()
    assert len(rules) >= 7
    for rule in rules:
        assert set(rule) == {"alert", "expr", "for", "labels", "annotations"}, rule.get("alert")
        assert rule["labels"]["severity"] in ("warning", "critical")
        assert re.fullmatch(r"\d+[smh]", rule["for"])
        annotations = rule["annotations"]
        assert {"summary", "description", "runbook"} <= set(annotations)
        assert len(annotations["runbook"].strip()) > 60, f"{rule['alert']}: the runbook says what to do"
        known = exported_metrics() | EXTERNAL_METRICS
        assert not metric_names(rule["expr"]) - known, rule["alert"]
        assert not label_names(rule["expr"]) & PERSONAL_LABELS, rule["alert"]


def test_the_required_alerts_exist():
    exprs = {rule["alert"]: rule["expr"] for rule in alert_rules()}
    wanted = {
        "up{": "a service down",
        "grpc_server_handled_total": "gRPC error ratio",
        "gateway_http_requests_total": "gateway error ratio",
        "grpc_server_handling_seconds_bucket": "p99 latency",
        "reconnect_outbox_backlog": "outbox backlog growing",
        "reconnect_consumer_pending": "consumer lag growing",
        "certmanager_certificate_expiration_timestamp_seconds": "certificate expiry",
    }
    for needle, what in wanted.items():
        assert any(needle in expr for expr in exprs.values()), what


def test_every_alert_has_a_unit_test_that_fires_it():
    tests = yaml.safe_load(RULE_TESTS.read_text())
    assert tests["rule_files"] == [RULES.name]
    fired = {case["alertname"] for test in tests["tests"] for case in test["alert_rule_test"] if case["exp_alerts"]}
    assert {rule["alert"] for rule in alert_rules()} <= fired


def test_promtool_checks_and_unit_tests_the_rules():
    promtool = shutil.which("promtool")
    if not promtool:
        pytest.skip("promtool not installed (apt-get install prometheus); structure is checked above")
    check = subprocess.run([promtool, "check", "rules", str(RULES)], capture_output=True, text=True, timeout=60)
    assert check.returncode == 0, check.stdout + check.stderr
    test = subprocess.run([promtool, "test", "rules", RULE_TESTS.name], cwd=RULE_TESTS.parent,
                          capture_output=True, text=True, timeout=120)
    assert test.returncode == 0, test.stdout + test.stderr
