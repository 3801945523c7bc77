"""The toolbox's REST API through the real stack: the owner's items, nobody else's (404),
sharing with a provider in one's care and the access log, the calendar feed, export and
erasure, and problem+json with field and reason on bad input."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.gateway.conftest import Gateway, assert_problem, random_loopback
from tests.gateway.forum_helpers import letters, new_member
from tests.gateway.toolbox_helpers import account_id, cared_for


@pytest.fixture
def owner(gateway, admin_token):
    return new_member(gateway, admin_token)


def test_values_domains_and_goals_belong_to_their_owner(gateway, admin_token, owner):
    token = owner.token
    value = gateway.post("/api/v1/toolbox/values", token=token, json={"text": "Familien min"})
    assert value.status_code == 201, value.text
    assert gateway.get("/api/v1/toolbox/values", token=token).json()["values"][0]["text"] == "Familien min"

    domains = gateway.get("/api/v1/toolbox/life-domains", token=token).json()["domains"]
    assert [d["key"] for d in domains][:2] == ["work_school", "social_life"]
    assert domains[0]["latest"] is None
    status = gateway.post("/api/v1/toolbox/domain-statuses", token=token,
                          json={"domain": "housing", "text": "Ny leilighet", "rating": 4})
    assert status.status_code == 201, status.text
    housing = next(d for d in gateway.get("/api/v1/toolbox/life-domains", token=token).json()["domains"]
                   if d["key"] == "housing")
    assert housing["latest"]["rating"] == 4

    goal = gateway.post("/api/v1/toolbox/goals", token=token, json={
        "title": "Gå tur hver dag", "domain": "physical_health",
        "steps": [{"text": "Kjøpe sko"}, {"text": "Første tur"}]}).json()
    assert goal["progress_percent"] == 0 and len(goal["steps"]) == 2
    assert goal["completed_at"] is None and goal["created_at"].endswith("Z")
    done = gateway.put(f"/api/v1/toolbox/steps/{goal['steps'][0]['id']}", token=token,
                       json={"text": "Kjøpe sko", "status": "done"})
    assert done.status_code == 200 and done.json()["progress_percent"] == 50

    # Someone else in the same municipality: as if it never was.
    other = new_member(gateway, admin_token)
    assert_problem(gateway.get(f"/api/v1/toolbox/goals/{goal['id']}", token=other.token), 404, kind="not-found")
    assert_problem(gateway.delete(f"/api/v1/toolbox/values/{value.json()['id']}", token=other.token), 404)
    assert gateway.get("/api/v1/toolbox/goals", token=other.token).json() == {"goals": []}
    # A provider or an admin has no toolbox of their own.
    assert_problem(gateway.get("/api/v1/toolbox/goals", token=admin_token), 403)
    # Another municipality's person cannot reach it either.
    sorby = Gateway(gateway.base_url, tenant="sorby", source=random_loopback())
    siri = sorby.login("siri")["access_token"]
    assert_problem(sorby.get(f"/api/v1/toolbox/goals/{goal['id']}", token=siri), 404)


def test_bad_input_is_a_problem_with_field_and_reason(gateway, owner):
    token = owner.token
    missing = assert_problem(gateway.post("/api/v1/toolbox/goals", token=token, json={}), 400, field="title")
    assert "required" in missing["detail"]
    assert_problem(gateway.post("/api/v1/toolbox/goals", token=token, json={"title": "x", "colour": "red"}), 400,
                   field="colour")
    assert_problem(gateway.post("/api/v1/toolbox/goals", token=token, data="not json",
                                headers={"Content-Type": "text/plain"}), 415)
    # The service's own rules come back with its field and reason.
    blank = assert_problem(gateway.post("/api/v1/toolbox/goals", token=token, json={"title": "  "}), 400,
                           field="title", kind="invalid-argument")
    assert blank["reason"] == "required"
    bad_date = assert_problem(gateway.post("/api/v1/toolbox/activities", token=token, json={
        "title": "Svømming", "starts_on": "01.02.2025"}), 400, field="starts_on")
    assert bad_date["reason"] == "bad_date"
    empty = assert_problem(gateway.put("/api/v1/toolbox/crisis-plan", token=token, json={}), 400, field="plan")
    assert empty["reason"] == "empty"
    phone = assert_problem(gateway.put("/api/v1/toolbox/crisis-plan", token=token, json={
        "ask_for_help": [{"name": "Søster", "phone": "ring meg"}]}), 400, field="ask_for_help.phone")
    assert phone["reason"] == "bad_phone"
    assert_problem(gateway.post("/api/v1/toolbox/network", token=token, json={"name": "Mor", "circle": "close"}),
                   400, field="circle")
    assert_problem(gateway.get("/api/v1/toolbox/goals?include_closed=maybe", token=token), 400,
                   field="include_closed")
    assert_problem(gateway.get("/api/v1/toolbox/goals"), 401)


def test_crisis_plan_versions_and_delete(gateway, owner):
    token = owner.token
    none = assert_problem(gateway.get("/api/v1/toolbox/crisis-plan", token=token), 404)
    assert none["reason"] == "no_plan"
    plan = {"warning_signs": ["Sover dårlig"], "coping_strategies": ["Gå en tur", "Musikk"],
            "ask_for_help": [{"name": "Søster", "phone": "+47 912 34 567", "note": "Hele døgnet"}],
            "professionals": [{"name": "Legevakt", "phone": "116 117"}], "reasons_for_living": ["Katten min"]}
    first = gateway.put("/api/v1/toolbox/crisis-plan", token=token, json=plan)
    assert first.status_code == 200, first.text
    assert first.json()["version"] == 1
    assert first.json()["plan"]["ask_for_help"][0]["phone"] == "+47 912 34 567"
    plan["warning_signs"].append("Trekker meg unna")
    assert gateway.put("/api/v1/toolbox/crisis-plan", token=token, json=plan).json()["version"] == 2
    current = gateway.get("/api/v1/toolbox/crisis-plan", token=token).json()
    assert current["plan"]["warning_signs"] == ["Sover dårlig", "Trekker meg unna"]
    versions = gateway.get("/api/v1/toolbox/crisis-plan/versions", token=token).json()["versions"]
    assert [v["version"] for v in versions] == [2, 1]
    assert gateway.delete("/api/v1/toolbox/crisis-plan", token=token).status_code == 204
    assert_problem(gateway.get("/api/v1/toolbox/crisis-plan", token=token), 404)


def test_activity_plan_occurrences_and_the_public_calendar_feed(gateway, owner):
    token = owner.token
    today = date.today()
    activity = gateway.post("/api/v1/toolbox/activities", token=token, json={
        "title": "Svømming", "starts_on": today.isoformat(), "start_time": "10:00", "repeat": "weekly"}).json()
    occurrences = gateway.get(f"/api/v1/toolbox/occurrences?from={today}&to={today + timedelta(days=14)}",
                              token=token).json()["occurrences"]
    assert [o["date"] for o in occurrences] == [(today + timedelta(days=7 * n)).isoformat() for n in range(3)]
    done = gateway.put(f"/api/v1/toolbox/activities/{activity['id']}/occurrences/{today}/done", token=token)
    assert done.status_code == 200 and done.json()["done"] is True
    wrong_day = assert_problem(gateway.put(
        f"/api/v1/toolbox/activities/{activity['id']}/occurrences/{today + timedelta(days=1)}/done", token=token), 400)
    assert wrong_day["reason"] == "no_occurrence"

    feed = gateway.post("/api/v1/toolbox/calendar-feeds", token=token, json={"show_titles": True})
    assert feed.status_code == 201, feed.text
    url = feed.json()["url"]
    path = url[url.index("/calendar/"):]
    ics = Gateway(gateway.base_url, tenant="", source=random_loopback()).get(path)
    assert ics.status_code == 200
    assert ics.headers["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VCALENDAR" in ics.text and "Svømming" in ics.text
    listed = gateway.get("/api/v1/toolbox/calendar-feeds", token=token).json()["feeds"]
    assert listed[0]["token"] == "" and listed[0]["revoked_at"] is None
    revoked = gateway.post(f"/api/v1/toolbox/calendar-feeds/{listed[0]['id']}/revoke", token=token)
    assert revoked.json()["revoked_at"] is not None
    assert gateway.get(path).status_code == 404


def test_the_public_feed_limits_failed_guesses_per_address(stack):
    guesser = Gateway(stack.gateway_url, tenant="", source=random_loopback())
    codes = [guesser.get(f"/calendar/toolbox/guess{n}.ics").status_code for n in range(12)]
    assert codes[0] == 404 and codes[-1] == 429
    limited = guesser.get("/calendar/cafes/another.ics")
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
    # Another address is not affected.
    assert Gateway(stack.gateway_url, tenant="", source=random_loopback()).get(
        "/calendar/toolbox/x.ics").status_code == 404


def test_sharing_with_a_provider_in_ones_care_and_the_access_log(gateway, admin_token):
    hansen = gateway.login("hansen")["access_token"]
    member, hansen_id = cared_for(gateway, admin_token, hansen)
    token = member.token
    gateway.post("/api/v1/toolbox/medications", token=token, json={"name": "Sertralin", "strength": "50 mg"})
    plan = {"warning_signs": ["Uro i kroppen"]}
    assert gateway.put("/api/v1/toolbox/crisis-plan", token=token, json=plan).status_code == 200

    # Not shared yet: the provider sees nothing, and a read is 404.
    assert_problem(gateway.get(f"/api/v1/toolbox/shared/{member.id}/crisis_plan", token=hansen), 404)
    granted = gateway.post("/api/v1/toolbox/shares", token=token,
                           json={"provider_id": hansen_id, "sections": ["crisis_plan", "medications"]})
    assert granted.status_code == 200, granted.text
    assert {s["section"] for s in granted.json()["shares"]} == {"crisis_plan", "medications"}
    mine = next(u for u in gateway.get("/api/v1/toolbox/shared-with-me", token=hansen).json()["users"]
                if u["service_user_id"] == member.id)
    assert mine["sections"] == ["crisis_plan", "medications"]
    assert mine["service_user_pseudonym"] == member.pseudonym
    shared = gateway.get(f"/api/v1/toolbox/shared/{member.id}/crisis_plan", token=hansen).json()
    assert shared["crisis_plan"]["plan"]["warning_signs"] == ["Uro i kroppen"]
    assert shared["medications"] == []
    assert_problem(gateway.get(f"/api/v1/toolbox/shared/{member.id}/goals", token=hansen), 404)
    log = gateway.get("/api/v1/toolbox/access-log", token=token).json()["entries"]
    assert log[0]["provider_id"] == hansen_id and log[0]["section"] == "crisis_plan"

    # Someone not in one's care team: 404 naming the field.
    mia_id = account_id(gateway, gateway.login("mia")["access_token"])
    assert_problem(gateway.post("/api/v1/toolbox/shares", token=token,
                                json={"provider_id": mia_id, "sections": ["goals"]}), 404, field="provider_id")
    assert_problem(gateway.post("/api/v1/toolbox/shares", token=token,
                                json={"provider_id": hansen_id, "sections": ["diary"]}), 400, field="sections.0")

    revoked = gateway.delete(f"/api/v1/toolbox/shares/{hansen_id}?section=crisis_plan", token=token)
    assert [s["section"] for s in revoked.json()["shares"]] == ["medications"]
    assert_problem(gateway.get(f"/api/v1/toolbox/shared/{member.id}/crisis_plan", token=hansen), 404)
    assert gateway.delete(f"/api/v1/toolbox/shares/{hansen_id}", token=token).json()["shares"] == []
    history = gateway.get("/api/v1/toolbox/shares?include_revoked=true", token=token).json()["shares"]
    assert all(s["revoked_at"] for s in history)
    # Another provider in another municipality gets nothing.
    sorby = Gateway(gateway.base_url, tenant="sorby", source=random_loopback())
    berg = sorby.login("berg")["access_token"]
    assert_problem(sorby.get(f"/api/v1/toolbox/shared/{member.id}/medications", token=berg), 404)


def test_network_map_and_its_picture(gateway, owner):
    token = owner.token
    for name, circle, kind in (("Mor", "inner", "person"), ("NAV", "outer", "service"), ("<Nabo>", "middle", "person")):
        response = gateway.post("/api/v1/toolbox/network", token=token,
                                json={"name": name, "circle": circle, "kind": kind})
        assert response.status_code == 201, response.text
    members = gateway.get("/api/v1/toolbox/network", token=token).json()["members"]
    assert [m["circle"] for m in members] == ["inner", "middle", "outer"]
    picture = gateway.get("/api/v1/toolbox/network.svg", token=token)
    assert picture.status_code == 200 and picture.headers["Content-Type"].startswith("image/svg+xml")
    assert picture.text.startswith("<svg") and "&lt;Nabo&gt;" in picture.text and "<script" not in picture.text


def test_exercises_are_kept_by_moderators_and_logged_by_users(gateway, owner):
    mia = gateway.login("mia")["access_token"]
    body = {"category": "mindfulness", "title_nb": "Pust " + letters(5), "title_en": "Breathe",
            "body_nb": "Pust inn i fire sekunder.", "body_en": "Breathe in for four seconds.", "duration_minutes": 5}
    assert_problem(gateway.post("/api/v1/toolbox/exercises", token=owner.token, json=body), 403)
    created = gateway.post("/api/v1/toolbox/exercises", token=mia, json=body)
    assert created.status_code == 201, created.text
    exercise = created.json()
    listed = gateway.get("/api/v1/toolbox/exercises?category=mindfulness", token=owner.token).json()["exercises"]
    assert exercise["id"] in [e["id"] for e in listed]
    logged = gateway.post("/api/v1/toolbox/exercise-log", token=owner.token,
                          json={"exercise_id": exercise["id"], "feeling": 4, "note": "Roligere"})
    assert logged.status_code == 201 and logged.json()["exercise_title_en"] == "Breathe"
    bad = assert_problem(gateway.post("/api/v1/toolbox/exercise-log", token=owner.token,
                                      json={"exercise_id": exercise["id"], "feeling": 9}), 400, field="feeling")
    assert bad["reason"] == "out_of_range"
    archived = gateway.put(f"/api/v1/toolbox/exercises/{exercise['id']}", token=mia, json=body | {"archived": True})
    assert archived.json()["archived"] is True
    # Another municipality's moderator cannot touch it.
    sorby = Gateway(gateway.base_url, tenant="sorby", source=random_loopback())
    admin_sorby = sorby.login("admin.sorby")["access_token"]
    assert_problem(sorby.put(f"/api/v1/toolbox/exercises/{exercise['id']}", token=admin_sorby, json=body), 404)


def test_info_items_medications_export_and_erase(gateway, admin_token, owner):
    link = gateway.post("/api/v1/toolbox/info", token=admin_token, json={
        "kind": "link", "category": "user_organisation", "title": "Mental Helse",
        "url": "https://mentalhelse.no"})
    assert link.status_code == 201, link.text
    assert_problem(gateway.post("/api/v1/toolbox/info", token=admin_token, json={
        "kind": "link", "category": "information", "title": "x", "url": "javascript:alert(1)"}), 400, field="url")
    items = gateway.get("/api/v1/toolbox/info?category=user_organisation", token=owner.token).json()["items"]
    assert "Mental Helse" in [i["title"] for i in items]
    medication = gateway.post("/api/v1/toolbox/medications", token=owner.token,
                              json={"name": "Melatonin", "started_on": "2025-01-10", "stopped_on": "2025-01-01"})
    assert_problem(medication, 400, field="stopped_on")
    assert gateway.post("/api/v1/toolbox/medications", token=owner.token, json={"name": "Melatonin"}).status_code == 201
    gateway.post("/api/v1/toolbox/values", token=owner.token, json={"text": "Natur"})
    export = gateway.get("/api/v1/toolbox/export", token=owner.token)
    assert export.status_code == 200
    assert export.headers["Content-Disposition"].startswith("attachment")
    data = export.json()
    assert data["format"] == "reconnect.toolbox.export/1" and data["account_id"] == owner.id
    assert [m["name"] for m in data["medications"]] == ["Melatonin"]
    assert gateway.delete("/api/v1/toolbox", token=owner.token).status_code == 204
    assert gateway.get("/api/v1/toolbox/values", token=owner.token).json() == {"values": []}
    assert gateway.get("/api/v1/toolbox/medications", token=owner.token).json() == {"medications": []}


def test_the_crisis_plan_is_sent_to_a_provider_through_the_api(stack):
    import uuid

    import requests

    from reconnect_stack.seed import DEMO_PASSWORD

    base = stack.gateway_url
    tenant = {"X-Tenant": "nordvik"}

    def login(username):
        token = requests.post(f"{base}/api/v1/auth/login", headers=tenant, timeout=10,
                              json={"username": username, "password": DEMO_PASSWORD}).json()["access_token"]
        return {**tenant, "Authorization": f"Bearer {token}"}

    admin = login("admin.nordvik")
    username = "sender" + uuid.uuid4().hex[:6]
    person_id = requests.post(f"{base}/api/v1/admin/accounts", headers=admin, timeout=10, json={
        "username": username, "password": DEMO_PASSWORD, "roles": ["service_user"]}).json()["id"]
    accounts = requests.get(f"{base}/api/v1/admin/accounts?page_size=200", headers=admin, timeout=10).json()["accounts"]
    hansen = next(a["id"] for a in accounts if a["username"] == "hansen")
    assert requests.post(f"{base}/api/v1/care-relationships", headers=admin, timeout=10,
                         json={"provider_id": hansen, "service_user_id": person_id}).status_code == 201
    person = login(username)
    requests.put(f"{base}/api/v1/toolbox/crisis-plan", headers=person, timeout=10,
                 json={"warning_signs": ["Jeg trekker meg unna"], "reasons_for_living": ["Barna"]})
    missing = requests.post(f"{base}/api/v1/toolbox/crisis-plan/send", headers=person, json={}, timeout=10)
    assert missing.status_code == 400 and missing.json()["field"] == "provider_id"
    no_terms = requests.post(f"{base}/api/v1/toolbox/crisis-plan/send", headers=person, json={"provider_id": hansen}, timeout=10)
    assert no_terms.status_code == 409 and no_terms.json()["reason"] == "terms_consent_required"
    requests.post(f"{base}/api/v1/me/consents", headers=person, json={"kind": "terms", "version": "2026-1"}, timeout=10)
    sent = requests.post(f"{base}/api/v1/toolbox/crisis-plan/send", headers=person, json={"provider_id": hansen}, timeout=10)
    assert sent.status_code == 201, sent.text
    seen = requests.get(f"{base}/api/v1/conversations/{sent.json()['conversation_id']}", headers=login("hansen"), timeout=10)
    assert seen.status_code == 200 and "Jeg trekker meg unna" in seen.text
