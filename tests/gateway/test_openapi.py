"""The OpenAPI document describes exactly the routes the gateway serves under /api."""

from __future__ import annotations

import re

import pytest

from services.gateway.app import create_app
from services.gateway.settings import GatewaySettings

AUTOMATIC_METHODS = {"HEAD", "OPTIONS"}


@pytest.fixture(scope="module")
def app(stack):
    return create_app(GatewaySettings(secret_key="s" * 40, identity_address=stack.identity_address,
                                      environment="test"))


def served_operations(app) -> set[tuple[str, str]]:
    operations = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api"):
            continue
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
        operations |= {(path, method.lower()) for method in rule.methods - AUTOMATIC_METHODS}
    return operations


def documented_operations(document: dict) -> set[tuple[str, str]]:
    return {(path, method) for path, item in document["paths"].items() for method in item}


def test_every_api_route_is_documented_and_nothing_else(app, gateway):
    document = gateway.get("/api/openapi.json").json()
    served = served_operations(app)
    documented = documented_operations(document)
    assert served, "no /api routes found"
    assert served - documented == set(), "served but not in the OpenAPI document"
    assert documented - served == set(), "documented but not served"


def test_document_shape(gateway):
    document = gateway.get("/api/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    schemas = document["components"]["schemas"]
    for path, item in document["paths"].items():
        for method, operation in item.items():
            assert operation["responses"], (path, method)
            for response in operation["responses"].values():
                for media, content in response.get("content", {}).items():
                    ref = content["schema"].get("$ref", "")
                    if ref:
                        assert ref.rsplit("/", 1)[1] in schemas, (path, method, ref)
                    if media == "application/problem+json":
                        assert ref == "#/components/schemas/Problem"
            body = operation.get("requestBody")
            if body:
                assert body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1] in schemas
    login = document["paths"]["/api/v1/auth/login"]["post"]
    assert login["security"] == []
    assert "429" in login["responses"]
    assert document["paths"]["/api/v1/me"]["get"]["security"] == [{"bearer": []}]
    assert set(schemas["LoginBody"]["required"]) == {"username", "password"}
