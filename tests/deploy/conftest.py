"""Render the Helm chart offline (helm-python-sdk: Helm's Go SDK through ctypes, no
cluster, no helm binary) and hand the manifests to the tests as parsed objects."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import helm_python
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
CHART = DEPLOY / "helm" / "reconnect"
EXAMPLE = CHART / "examples" / "two-municipalities.yaml"
KUBE_VERSION = "1.33.0"
RELEASE = "region"
NAMESPACE = "helse-nord"


def tenant(i: int) -> dict:
    slug = f"kommune{i:02d}"
    return {
        "slug": slug,
        "name": f"Kommune {i}",
        "host": f"{slug}.reconnect.example.no",
        "locale": "nb",
        "timeZone": "Europe/Oslo",
        "crisisContacts": [{"name": "Legevakt", "phone": "116 117"}],
    }


def region_values(tenants: int = 2, **toggles: bool) -> dict:
    """The example region with `tenants` municipalities; toggles switch chart features."""
    values = yaml.safe_load(EXAMPLE.read_text())
    values["tenants"] = [tenant(i) for i in range(1, tenants + 1)]
    switch = {
        "networkPolicy": lambda v, on: v.setdefault("networkPolicy", {}).update(enabled=on),
        "ingress": lambda v, on: v.setdefault("ingress", {}).update(enabled=on),
        "serviceMonitor": lambda v, on: v["metrics"]["serviceMonitor"].update(enabled=on),
        "prometheusRule": lambda v, on: v["metrics"]["prometheusRule"].update(enabled=on),
        "grafanaDashboards": lambda v, on: v["metrics"]["grafanaDashboards"].update(enabled=on),
        "autoscaling": lambda v, on: [
            v["services"][name].setdefault("autoscaling", {}).update(enabled=on) for name in v["services"]
        ],
        # The example signs in with ID-porten; off removes the whole oidc block.
        "oidc": lambda v, on: None if on else v.pop("oidc", None),
        "podDisruptionBudget": lambda v, on: [
            v["services"][name].setdefault("podDisruptionBudget", {}).update(enabled=on) for name in v["services"]
        ],
    }
    for name, on in toggles.items():
        switch[name](values, on)
    return values


@pytest.fixture(scope="session")
def chart():
    with helm_python.Chart.load(CHART) as loaded:
        yield loaded


class Rendered:
    """The manifests of one render, parsed; hooks included (Helm renders them too)."""

    def __init__(self, files: dict[str, str]):
        self.files = files
        self.objects: list[dict] = []
        for path, text in files.items():
            if path.endswith("NOTES.txt"):
                continue
            for doc in yaml.safe_load_all(text):
                if doc:
                    doc.setdefault("_template", path)
                    self.objects.append(doc)

    def of_kind(self, kind: str) -> list[dict]:
        return [o for o in self.objects if o["kind"] == kind]

    def named(self, kind: str, name: str) -> dict:
        matches = [o for o in self.of_kind(kind) if o["metadata"]["name"] == name]
        assert len(matches) == 1, f"{kind}/{name}: {len(matches)} found"
        return matches[0]

    def text(self) -> str:
        return "\n".join(self.files.values())


@pytest.fixture(scope="session")
def render(chart):
    def _render(values: dict, name: str = RELEASE, namespace: str = NAMESPACE) -> Rendered:
        return Rendered(chart.render(copy.deepcopy(values), name=name, namespace=namespace))

    return _render


def without_nats_dependency(destination: Path) -> Path:
    """A copy of the chart with no declared dependency, for a strict lint here, where
    the NATS chart cannot be downloaded (lint reports a missing dependency as a warning,
    and strict turns warnings into errors)."""
    copy_dir = destination / "reconnect"
    shutil.copytree(CHART, copy_dir)
    meta = yaml.safe_load((copy_dir / "Chart.yaml").read_text())
    meta.pop("dependencies")
    (copy_dir / "Chart.yaml").write_text(yaml.safe_dump(meta, sort_keys=False))
    return copy_dir


def with_stub_nats_chart(destination: Path) -> Path:
    """A copy of the chart with a stand-in `nats` subchart in charts/, as `helm
    dependency build` would leave it (enough to render the parent with nats.enabled)."""
    copy_dir = destination / "reconnect"
    shutil.copytree(CHART, copy_dir)
    stub = copy_dir / "charts" / "nats"
    (stub / "templates").mkdir(parents=True)
    (stub / "Chart.yaml").write_text("apiVersion: v2\nname: nats\nversion: 1.3.7\n")
    (stub / "values.yaml").write_text("config:\n  jetstream:\n    enabled: false\n")
    return copy_dir
