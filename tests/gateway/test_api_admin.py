"""Tenant administration through the API: accounts and care relationships."""

from __future__ import annotations

from tests.gateway.conftest import assert_problem


def _ids_by_username(gateway, token) -> dict[str, str]:
    ids: dict[str, str] = {}
    page_token = ""
    for _ in range(50):
        response = gateway.get("/api/v1/admin/accounts", token=token, params={"page_size": 5, "page_token": page_token})
        assert response.status_code == 200, response.text
        page = response.json()
        ids.update({account["username"]: account["id"] for account in page["accounts"]})
        page_token = page["next_page_token"]
        if not page_token:
            return ids
    raise AssertionError("paging did not end")


def test_admin_creates_an_account_in_the_resolved_tenant(gateway, admin_token, unique):
    response = gateway.post(
        "/api/v1/admin/accounts",
        token=admin_token,
        json={"username": f"new.{unique}", "password": "long-enough-password", "roles": ["health_provider"],
              "real_name": "Test Person", "email": f"t{unique}@example.org"},
    )
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["tenant"] == "nordvik"
    assert created["roles"] == ["health_provider"]
    assert response.headers["Location"] == f"/api/v1/admin/accounts/{created['id']}"

    fetched = gateway.get(response.headers["Location"], token=admin_token)
    assert fetched.status_code == 200
    assert fetched.json()["username"] == f"new.{unique}"
    assert fetched.json()["real_name"] == "Test Person"
    assert _ids_by_username(gateway, admin_token)[f"new.{unique}"] == created["id"]


def test_a_taken_username_is_409(gateway, admin_token, new_service_user):
    response = gateway.post("/api/v1/admin/accounts", token=admin_token,
                            json={"username": new_service_user.username, "password": "long-enough-password",
                                  "roles": ["service_user"]})
    assert_problem(response, 409, field="username")


def test_an_unknown_role_is_400(gateway, admin_token, unique):
    response = gateway.post("/api/v1/admin/accounts", token=admin_token,
                            json={"username": f"x.{unique}", "roles": ["superuser"]})
    assert_problem(response, 400, field="roles.0")


def test_a_service_user_may_not_list_accounts(gateway):
    token = gateway.login("nora")["access_token"]
    assert_problem(gateway.get("/api/v1/admin/accounts", token=token), 403)


def test_page_size_must_be_a_number(gateway, admin_token):
    assert_problem(gateway.get("/api/v1/admin/accounts", token=admin_token, params={"page_size": "many"}), 400,
                   field="page_size")


def test_unknown_account_is_404(gateway, admin_token):
    assert_problem(gateway.get("/api/v1/admin/accounts/00000000-0000-0000-0000-000000000000", token=admin_token), 404)


def test_care_relationship_lifecycle(gateway, admin_token, new_service_user):
    provider_id = _ids_by_username(gateway, admin_token)["hansen"]
    created = gateway.post("/api/v1/care-relationships", token=admin_token,
                           json={"provider_id": provider_id, "service_user_id": new_service_user.id})
    assert created.status_code == 201, created.text
    relationship = created.json()
    assert relationship["provider_id"] == provider_id
    assert relationship["service_user_id"] == new_service_user.id

    again = gateway.post("/api/v1/care-relationships", token=admin_token,
                         json={"provider_id": provider_id, "service_user_id": new_service_user.id})
    assert_problem(again, 409)

    listed = gateway.get("/api/v1/care-relationships", token=admin_token,
                         params={"service_user_id": new_service_user.id})
    assert listed.status_code == 200
    assert [r["id"] for r in listed.json()["relationships"]] == [relationship["id"]]

    # The service user sees their own care relationships.
    own_token = gateway.login(new_service_user.username, new_service_user.password)["access_token"]
    own = gateway.get("/api/v1/care-relationships", token=own_token)
    assert [r["id"] for r in own.json()["relationships"]] == [relationship["id"]]

    assert gateway.delete(f"/api/v1/care-relationships/{relationship['id']}", token=admin_token).status_code == 204
    after = gateway.get("/api/v1/care-relationships", token=admin_token, params={"service_user_id": new_service_user.id})
    assert after.json()["relationships"] == []


def test_care_relationship_needs_a_provider(gateway, admin_token, new_service_user):
    response = gateway.post("/api/v1/care-relationships", token=admin_token,
                            json={"provider_id": new_service_user.id, "service_user_id": new_service_user.id})
    assert_problem(response, 400, field="provider_id")


def test_both_filters_at_once_is_400(gateway, admin_token):
    response = gateway.get("/api/v1/care-relationships", token=admin_token,
                           params={"provider_id": "a", "service_user_id": "b"})
    assert_problem(response, 400, field="provider_id")
