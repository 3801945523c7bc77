"""The caller's own account through the API: profile, pseudonym, consents."""

from __future__ import annotations

from tests.gateway.conftest import assert_problem


def _token(gateway, account) -> str:
    return gateway.login(account.username, account.password)["access_token"]


def test_me_describes_the_caller(gateway):
    token = gateway.login("nils")["access_token"]
    response = gateway.get("/api/v1/me", token=token)
    assert response.status_code == 200
    me = response.json()
    assert me["username"] == "nils"
    assert me["tenant"] == "nordvik"
    assert me["roles"] == ["service_user"]
    assert me["pseudonym"] == "Fjellvandrer"
    assert me["real_name"] == "Nils Nilsen"
    assert {"id", "email", "phone"} <= set(me)


def test_choosing_a_pseudonym(gateway, new_service_user, unique_pseudonym):
    token = _token(gateway, new_service_user)
    assert gateway.get("/api/v1/me", token=token).json()["pseudonym"] == ""
    response = gateway.put("/api/v1/me/pseudonym", token=token, json={"pseudonym": unique_pseudonym})
    assert response.status_code == 200, response.text
    assert response.json()["pseudonym"] == unique_pseudonym
    assert gateway.get("/api/v1/me", token=token).json()["pseudonym"] == unique_pseudonym


def test_a_taken_pseudonym_is_409_naming_the_field(gateway, new_service_user):
    token = _token(gateway, new_service_user)
    # nils is "Fjellvandrer"; a look-alike spelling is the same pseudonym.
    response = gateway.put("/api/v1/me/pseudonym", token=token, json={"pseudonym": "FJELLVANDRER"})
    assert_problem(response, 409, field="pseudonym")


def test_a_reserved_or_short_pseudonym_is_400_naming_the_field(gateway, new_service_user):
    token = _token(gateway, new_service_user)
    assert_problem(gateway.put("/api/v1/me/pseudonym", token=token, json={"pseudonym": "Moderator"}), 400,
                   field="pseudonym")
    assert_problem(gateway.put("/api/v1/me/pseudonym", token=token, json={"pseudonym": "ab"}), 400,
                   field="pseudonym")


def test_pseudonym_needs_a_token(gateway):
    assert_problem(gateway.put("/api/v1/me/pseudonym", json={"pseudonym": "Someone"}), 401)


def test_giving_and_withdrawing_the_terms_consent(gateway, new_service_user):
    token = _token(gateway, new_service_user)
    listing = gateway.get("/api/v1/me/consents", token=token)
    assert listing.status_code == 200
    version = listing.json()["current_terms_version"]
    assert version
    assert listing.json()["consents"] == []

    given = gateway.post("/api/v1/me/consents", token=token, json={"kind": "terms", "version": version})
    assert given.status_code == 201, given.text
    assert given.json()["kind"] == "terms"
    assert given.json()["version"] == version
    assert given.json()["withdrawn"] is False
    kinds = [c["kind"] for c in gateway.get("/api/v1/me/consents", token=token).json()["consents"]]
    assert kinds == ["terms"]

    withdrawn = gateway.delete("/api/v1/me/consents/terms", token=token)
    assert withdrawn.status_code == 200, withdrawn.text
    assert withdrawn.json()["withdrawn"] is True


def test_consent_to_a_stale_version_is_refused(gateway, new_service_user):
    token = _token(gateway, new_service_user)
    response = gateway.post("/api/v1/me/consents", token=token, json={"kind": "terms", "version": "0-not-current"})
    assert_problem(response, 409, field="version")


def test_unknown_consent_kind(gateway, new_service_user):
    token = _token(gateway, new_service_user)
    assert_problem(gateway.post("/api/v1/me/consents", token=token, json={"kind": "marketing", "version": "1"}),
                   400, field="kind")
    assert_problem(gateway.delete("/api/v1/me/consents/marketing", token=token), 404, field="kind")


def test_tenant_is_public(gateway):
    response = gateway.get("/api/v1/tenant", headers={"X-Tenant": "sorby"})
    assert response.status_code == 200
    assert response.json() == {"slug": "sorby", "name": "Sørby", "locale": "nb", "time_zone": "Europe/Oslo"}
