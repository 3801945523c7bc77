import base64

import pytest

from services.kit.config import ConfigError, ServiceSettings, load


def test_good_environment_loads(monkeypatch):
    monkeypatch.setenv("RECONNECT_DATABASE_URL", "sqlite:///x.db")
    monkeypatch.setenv("RECONNECT_GRPC_PORT", "50051")
    monkeypatch.setenv("RECONNECT_MASTER_KEY", base64.b64encode(b"k" * 32).decode())
    settings = load(ServiceSettings)
    assert settings.grpc_port == 50051
    assert settings.master_key_bytes() == b"k" * 32


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("RECONNECT_GRPC_PORT", "seventy", "RECONNECT_GRPC_PORT: Input should be a valid integer"),
        ("RECONNECT_GRPC_PORT", "70000", "RECONNECT_GRPC_PORT: Input should be less than or equal to 65535"),
        ("RECONNECT_MASTER_KEY", "not base64!", "RECONNECT_MASTER_KEY: must be base64"),
        ("RECONNECT_MASTER_KEY", base64.b64encode(b"short").decode(), "RECONNECT_MASTER_KEY: must decode to 32 bytes"),
        ("RECONNECT_NATS_URL", "http://x", "RECONNECT_NATS_URL: must start with nats://"),
        ("RECONNECT_DATABASE_URL", "mysql://x", "RECONNECT_DATABASE_URL: must be a sqlite:// or postgresql:// URL"),
        ("RECONNECT_ENVIRONMENT", "staging", "RECONNECT_ENVIRONMENT: Input should be 'local', 'test' or 'production'"),
    ],
)
def test_bad_values_name_the_variable(monkeypatch, variable, value, expected):
    monkeypatch.setenv("RECONNECT_DATABASE_URL", "sqlite:///x.db")
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as raised:
        load(ServiceSettings)
    assert expected in str(raised.value)
    if variable == "RECONNECT_MASTER_KEY":
        assert value not in str(raised.value), "a secret must never be echoed"


def test_missing_database_url_is_reported(monkeypatch):
    monkeypatch.delenv("RECONNECT_DATABASE_URL", raising=False)
    with pytest.raises(ConfigError, match="RECONNECT_DATABASE_URL: Field required"):
        load(ServiceSettings)


def test_missing_master_key_is_reported_when_needed(monkeypatch):
    monkeypatch.setenv("RECONNECT_DATABASE_URL", "sqlite:///x.db")
    monkeypatch.delenv("RECONNECT_MASTER_KEY", raising=False)
    with pytest.raises(ConfigError, match="RECONNECT_MASTER_KEY: required"):
        load(ServiceSettings).master_key_bytes()
