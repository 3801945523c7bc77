"""Pieces of the gateway that need no running system: settings and the login throttle."""

from __future__ import annotations

import pytest

from services.gateway.settings import GatewaySettings
from services.gateway.throttle import LoginThrottle
from services.kit.config import ConfigError, load


def test_settings_from_environment(monkeypatch):
    monkeypatch.setenv("RECONNECT_SECRET_KEY", "k" * 32)
    monkeypatch.setenv("RECONNECT_HTTP_PORT", "9090")
    monkeypatch.setenv("RECONNECT_BASE_DOMAIN", "Reconnect.Example.")
    settings = load(GatewaySettings)
    assert settings.http_port == 9090
    assert settings.base_domain == "reconnect.example"
    assert settings.identity_address == "127.0.0.1:50051"
    assert (settings.workers, settings.threads) == (2, 8)


def test_a_short_secret_key_is_a_clear_config_error(monkeypatch):
    monkeypatch.setenv("RECONNECT_SECRET_KEY", "too-short-secret")
    with pytest.raises(ConfigError) as error:
        load(GatewaySettings)
    assert "RECONNECT_SECRET_KEY" in str(error.value)
    assert "too-short-secret" not in str(error.value)


def test_a_missing_secret_key_is_a_clear_config_error(monkeypatch):
    monkeypatch.delenv("RECONNECT_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="RECONNECT_SECRET_KEY"):
        load(GatewaySettings)


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.mark.parametrize("store", ["memory", "sqlite"])
def test_throttle_counts_failures_in_a_sliding_window(tmp_path, store):
    clock = Clock()
    throttle = LoginThrottle(3, 60, str(tmp_path / "t.sqlite") if store == "sqlite" else "", clock=clock)
    for _ in range(3):
        assert throttle.retry_after("nordvik", "nora", "10.0.0.1") == 0
        throttle.failed("nordvik", "nora", "10.0.0.1")
        clock.now += 10
    # Three failures at t=1000, 1010, 1020; now t=1030: allowed again when the first ages out.
    assert throttle.retry_after("nordvik", "nora", "10.0.0.1") == 30
    assert throttle.retry_after("nordvik", "NORA ", "10.0.0.2") == 30  # same person, any address
    assert throttle.retry_after("nordvik", "nils", "10.0.0.1") == 30  # same address, any person
    assert throttle.retry_after("sorby", "nora", "10.0.0.2") == 0  # another tenant's nora
    clock.now += 31
    assert throttle.retry_after("nordvik", "nora", "10.0.0.1") == 0


def test_sqlite_throttle_is_shared_between_instances(tmp_path):
    """Two gunicorn workers open the same file and see each other's failures."""
    clock = Clock()
    path = str(tmp_path / "shared.sqlite")
    first, second = LoginThrottle(2, 60, path, clock=clock), LoginThrottle(2, 60, path, clock=clock)
    first.failed("nordvik", "nora", "10.0.0.1")
    second.failed("nordvik", "nora", "10.0.0.1")
    assert first.retry_after("nordvik", "nora", "10.0.0.1") == 60


def test_the_server_refuses_to_start_without_a_secret_key():
    import os
    import subprocess
    import sys

    env = {key: value for key, value in os.environ.items() if not key.startswith("RECONNECT_")}
    result = subprocess.run([sys.executable, "-m", "services.gateway"], env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2
    assert "RECONNECT_SECRET_KEY" in result.stderr


def test_the_tenant_header_is_ignored_in_production():
    from flask import Flask

    from services.gateway.tenancy import tenant_key_from_request

    app = Flask(__name__)
    with app.test_request_context("/", base_url="http://sorby.localhost:8080", headers={"X-Tenant": "nordvik"}):
        assert tenant_key_from_request("localhost") == ("nordvik", "")
        assert tenant_key_from_request("localhost", honour_header=False) == ("sorby", "")
