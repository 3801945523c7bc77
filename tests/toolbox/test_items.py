"""The user's own items: values and life domains over time, goals with steps and progress,
network map, crisis plan versions, medications, exercises and their log, the tenant's
information pages; bad input named by field, and nothing half-written."""

from __future__ import annotations

import grpc
import pytest

from reconnect.toolbox.v1 import toolbox_pb2 as tpb
from tests.conftest import rpc_error, trailer


def test_values_and_life_domains_keep_their_history(toolbox):
    user = toolbox.person()
    s, md = toolbox.stub, user.metadata
    value = s.AddValue(tpb.AddValueRequest(text="Å være en god far"), metadata=md)
    s.UpdateValue(tpb.UpdateValueRequest(id=value.id, text="Å være en god far og venn"), metadata=md)
    assert [v.text for v in s.ListValues(tpb.ListValuesRequest(), metadata=md).values] == ["Å være en god far og venn"]
    own = s.CreateLifeDomain(tpb.CreateLifeDomainRequest(name="Musikk"), metadata=md)
    s.RecordDomainStatus(tpb.RecordDomainStatusRequest(domain="housing", text="Trangt", rating=2, recorded_on="2025-01-10"), metadata=md)
    s.RecordDomainStatus(tpb.RecordDomainStatusRequest(domain="housing", text="Fått ny leilighet", rating=4,
                                                       recorded_on="2025-06-01"), metadata=md)
    s.RecordDomainStatus(tpb.RecordDomainStatusRequest(domain=own.key, text="Spiller igjen"), metadata=md)
    domains = {d.key: d for d in s.ListLifeDomains(tpb.ListLifeDomainsRequest(), metadata=md).domains}
    assert list(domains)[:6] == ["work_school", "social_life", "mental_health", "physical_health", "housing", "finances"]
    assert domains["housing"].latest.text == "Fått ny leilighet" and domains["housing"].latest.rating == 4
    assert domains[own.key].custom and domains[own.key].name == "Musikk"
    assert not domains["finances"].HasField("latest")
    history = s.ListDomainStatuses(tpb.ListDomainStatusesRequest(domain="housing"), metadata=md).statuses
    assert [(h.recorded_on, h.text) for h in history] == [("2025-01-10", "Trangt"), ("2025-06-01", "Fått ny leilighet")]
    goal = s.CreateGoal(tpb.CreateGoalRequest(domain=own.key, title="Spille i band"), metadata=md)
    s.DeleteLifeDomain(tpb.DeleteRequest(id=own.key), metadata=md)
    assert s.GetGoal(tpb.GetGoalRequest(id=goal.id), metadata=md).domain == ""
    assert len(s.ListDomainStatuses(tpb.ListDomainStatusesRequest(), metadata=md).statuses) == 2
    s.DeleteValue(tpb.DeleteRequest(id=value.id), metadata=md)
    assert s.ListValues(tpb.ListValuesRequest(), metadata=md).values == []


def test_goals_steps_and_progress(toolbox):
    user = toolbox.person()
    s, md = toolbox.stub, user.metadata
    goal = s.CreateGoal(tpb.CreateGoalRequest(domain="social_life", title="Bli med i kor", target_date="2031-09-01", steps=[
        tpb.AddStepRequest(text="Finne et kor", due_date="2031-02-01"), tpb.AddStepRequest(text="Gå på prøve")]), metadata=md)
    assert goal.progress_percent == 0 and [st.position for st in goal.steps] == [0, 1]
    goal = s.UpdateStep(tpb.UpdateStepRequest(id=goal.steps[0].id, text="Finne et kor", status="done"), metadata=md)
    assert goal.progress_percent == 50 and goal.steps[0].HasField("done_at")
    goal = s.AddStep(tpb.AddStepRequest(goal_id=goal.id, text="Kjøpe noter"), metadata=md)
    assert goal.progress_percent == 33 and goal.steps[-1].position == 2
    goal = s.DeleteStep(tpb.DeleteRequest(id=goal.steps[-1].id), metadata=md)
    assert goal.progress_percent == 50
    done = s.UpdateGoal(tpb.UpdateGoalRequest(id=goal.id, domain="social_life", title="Bli med i kor",
                                              status="completed"), metadata=md)
    assert done.progress_percent == 100 and done.HasField("completed_at")
    assert s.ListGoals(tpb.ListGoalsRequest(), metadata=md).goals == []
    assert [g.id for g in s.ListGoals(tpb.ListGoalsRequest(include_closed=True), metadata=md).goals] == [goal.id]


def test_crisis_plan_has_one_current_version_and_a_history(toolbox):
    user = toolbox.person()
    s, md = toolbox.stub, user.metadata
    assert rpc_error(s.GetCrisisPlan, tpb.GetCrisisPlanRequest(), metadata=md).code() == grpc.StatusCode.NOT_FOUND
    first = s.SaveCrisisPlan(tpb.SaveCrisisPlanRequest(plan=tpb.CrisisPlan(
        warning_signs=["Trekker meg unna", "  "], reasons_for_living=["Barna"],
        professionals=[tpb.PlanContact(name="DPS akutt", phone="+47 22 00 00 00"), tpb.PlanContact()])), metadata=md)
    assert first.version == 1 and list(first.plan.warning_signs) == ["Trekker meg unna"]
    assert len(first.plan.professionals) == 1, "empty entries are dropped"
    second = s.SaveCrisisPlan(tpb.SaveCrisisPlanRequest(plan=tpb.CrisisPlan(
        warning_signs=["Trekker meg unna"], coping_strategies=["Gå en tur"], reasons_for_living=["Barna"],
        safe_environment=["Ingen piller i huset"])), metadata=md)
    assert s.GetCrisisPlan(tpb.GetCrisisPlanRequest(), metadata=md).version == 2
    versions = s.ListCrisisPlanVersions(tpb.ListCrisisPlanVersionsRequest(), metadata=md).versions
    assert [v.version for v in versions] == [2, 1] and list(versions[0].plan.coping_strategies) == ["Gå en tur"]
    assert second.plan.safe_environment == ["Ingen piller i huset"]
    s.DeleteCrisisPlan(tpb.DeleteCrisisPlanRequest(), metadata=md)
    assert s.ListCrisisPlanVersions(tpb.ListCrisisPlanVersionsRequest(), metadata=md).versions == []


def test_network_map_and_medications(toolbox):
    user = toolbox.person()
    s, md = toolbox.stub, user.metadata
    outer = s.AddNetworkMember(tpb.AddNetworkMemberRequest(member=tpb.NetworkMemberInput(
        name="NAV Nordvik", kind="service", circle="outer", can_help_with="Økonomi")), metadata=md)
    inner = s.AddNetworkMember(tpb.AddNetworkMemberRequest(member=tpb.NetworkMemberInput(
        name="Mamma", relation="mor", circle="inner")), metadata=md)
    assert [m.id for m in s.ListNetwork(tpb.ListNetworkRequest(), metadata=md).members] == [inner.id, outer.id]
    moved = s.UpdateNetworkMember(tpb.UpdateNetworkMemberRequest(id=outer.id, member=tpb.NetworkMemberInput(
        name="NAV Nordvik", kind="service", circle="middle", can_help_with="Økonomi og jobb")), metadata=md)
    assert (moved.circle, moved.can_help_with) == ("middle", "Økonomi og jobb")
    s.DeleteNetworkMember(tpb.DeleteRequest(id=inner.id), metadata=md)
    assert [m.id for m in s.ListNetwork(tpb.ListNetworkRequest(), metadata=md).members] == [outer.id]

    old = s.AddMedication(tpb.AddMedicationRequest(medication=tpb.MedicationInput(
        name="Zopiklon", strength="7,5 mg", started_on="2024-01-01", stopped_on="2024-03-01")), metadata=md)
    now = s.AddMedication(tpb.AddMedicationRequest(medication=tpb.MedicationInput(
        name="Escitalopram", strength="10 mg", dose="1 tablett", schedule="morgen", purpose="angst",
        prescriber="Fastlegen", started_on="2024-05-01", notes="Bedre søvn")), metadata=md)
    listed = s.ListMedications(tpb.ListMedicationsRequest(), metadata=md).medications
    assert [m.id for m in listed] == [now.id, old.id], "current ones first"
    assert (listed[0].schedule, listed[0].notes, listed[1].stopped_on) == ("morgen", "Bedre søvn", "2024-03-01")
    changed = s.UpdateMedication(tpb.UpdateMedicationRequest(id=now.id, medication=tpb.MedicationInput(
        name="Escitalopram", strength="15 mg", started_on="2024-05-01")), metadata=md)
    assert (changed.strength, changed.notes) == ("15 mg", "")


def test_the_exercise_catalogue_is_kept_by_moderators_and_admins(toolbox, exercise):
    user = toolbox.person()
    s = toolbox.stub
    by_admin = s.CreateExercise(tpb.CreateExerciseRequest(exercise=tpb.ExerciseInput(
        category="sleep_hygiene", title_nb="Kveldsrutine", title_en="Evening routine", body_nb="Skjermfri time",
        body_en="A screen-free hour")), metadata=toolbox.as_("admin.nordvik"))
    listed = s.ListExercises(tpb.ListExercisesRequest(), metadata=user.metadata).exercises
    assert {exercise.id, by_admin.id} <= {e.id for e in listed}
    assert [e.id for e in s.ListExercises(tpb.ListExercisesRequest(category="sleep_hygiene"),
                                          metadata=user.metadata).exercises] == [by_admin.id]
    for who in (user.metadata, toolbox.person("health_provider").metadata, toolbox.as_("region.admin")):
        error = rpc_error(s.CreateExercise, tpb.CreateExerciseRequest(exercise=tpb.ExerciseInput(
            category="coping", title_nb="a", title_en="a", body_nb="a", body_en="a")), metadata=who)
        assert error.code() == grpc.StatusCode.PERMISSION_DENIED
        error = rpc_error(s.UpdateExercise, tpb.UpdateExerciseRequest(id=exercise.id, exercise=tpb.ExerciseInput(
            category="coping", title_nb="a", title_en="a", body_nb="a", body_en="a")), metadata=who)
        assert error.code() == grpc.StatusCode.PERMISSION_DENIED
    # Another municipality's catalogue is its own.
    assert exercise.id not in {e.id for e in s.ListExercises(tpb.ListExercisesRequest(), metadata=toolbox.as_("olga")).exercises}
    error = rpc_error(s.LogExercise, tpb.LogExerciseRequest(exercise_id=exercise.id, feeling=3), metadata=toolbox.as_("olga"))
    assert error.code() == grpc.StatusCode.NOT_FOUND and trailer(error, "reconnect-field") == "exercise_id"
    error = rpc_error(s.UpdateExercise, tpb.UpdateExerciseRequest(id=exercise.id, exercise=tpb.ExerciseInput(
        category="coping", title_nb="a", title_en="a", body_nb="a", body_en="a")), metadata=toolbox.as_("admin.sorby"))
    assert error.code() == grpc.StatusCode.NOT_FOUND

    entry = s.LogExercise(tpb.LogExerciseRequest(exercise_id=by_admin.id, feeling=5, note="Sov godt"), metadata=user.metadata)
    assert (entry.exercise_title_en, entry.feeling, entry.note) == ("Evening routine", 5, "Sov godt")
    # Archived: gone from the catalogue, still in the log.
    s.UpdateExercise(tpb.UpdateExerciseRequest(id=by_admin.id, archived=True, exercise=tpb.ExerciseInput(
        category="sleep_hygiene", title_nb="Kveldsrutine", title_en="Evening routine", body_nb="Skjermfri time",
        body_en="A screen-free hour")), metadata=toolbox.as_("mia"))
    assert by_admin.id not in {e.id for e in s.ListExercises(tpb.ListExercisesRequest(), metadata=user.metadata).exercises}
    assert [e.id for e in s.ListExerciseLog(tpb.ListExerciseLogRequest(), metadata=user.metadata).entries] == [entry.id]
    s.DeleteExerciseLogEntry(tpb.DeleteRequest(id=entry.id), metadata=user.metadata)
    assert s.ListExerciseLog(tpb.ListExerciseLogRequest(), metadata=user.metadata).entries == []


def test_information_pages_and_local_links_are_per_tenant(toolbox):
    s = toolbox.stub
    admin = toolbox.as_("admin.nordvik")
    page = s.CreateInfoItem(tpb.CreateInfoItemRequest(item=tpb.InfoItemInput(
        kind="page", category="information", title="Om angst", body="Angst er vanlig ...")), metadata=admin)
    link = s.CreateInfoItem(tpb.CreateInfoItemRequest(item=tpb.InfoItemInput(
        kind="link", category="user_organisation", title="Mental Helse Nordvik", url="https://example.org/nordvik",
        language="nb")), metadata=admin)
    user = toolbox.person()
    assert {page.id, link.id} <= {i.id for i in s.ListInfoItems(tpb.ListInfoItemsRequest(), metadata=user.metadata).items}
    orgs = s.ListInfoItems(tpb.ListInfoItemsRequest(category="user_organisation"), metadata=user.metadata).items
    assert link.id in [i.id for i in orgs] and page.id not in [i.id for i in orgs]
    assert page.id not in {i.id for i in s.ListInfoItems(tpb.ListInfoItemsRequest(), metadata=toolbox.as_("siri")).items}
    for who in (user.metadata, toolbox.as_("mia")):
        error = rpc_error(s.CreateInfoItem, tpb.CreateInfoItemRequest(item=tpb.InfoItemInput(
            kind="page", category="information", title="x", body="y")), metadata=who)
        assert error.code() == grpc.StatusCode.PERMISSION_DENIED
    error = rpc_error(s.DeleteInfoItem, tpb.DeleteRequest(id=page.id), metadata=toolbox.as_("admin.sorby"))
    assert error.code() == grpc.StatusCode.NOT_FOUND
    updated = s.UpdateInfoItem(tpb.UpdateInfoItemRequest(id=page.id, item=tpb.InfoItemInput(
        kind="page", category="information", title="Om angst og uro", body="...")), metadata=admin)
    assert updated.title == "Om angst og uro"
    s.DeleteInfoItem(tpb.DeleteRequest(id=page.id), metadata=admin)
    assert page.id not in {i.id for i in s.ListInfoItems(tpb.ListInfoItemsRequest(), metadata=user.metadata).items}


def test_only_service_users_have_a_toolbox(toolbox):
    for who in ("hansen", "mia", "admin.nordvik", "region.admin"):
        error = rpc_error(toolbox.stub.CreateGoal, tpb.CreateGoalRequest(domain="housing", title="x"),
                          metadata=toolbox.as_(who))
        assert error.code() == grpc.StatusCode.PERMISSION_DENIED, who
    assert rpc_error(toolbox.stub.ListGoals, tpb.ListGoalsRequest()).code() == grpc.StatusCode.UNAUTHENTICATED


LONG = "x" * 4001


def _bad_cases(goal_id: str, activity_id: str, exercise_id: str, provider_id: str):
    T = tpb
    med = T.MedicationInput
    act = T.ActivityInput
    return [
        ("AddMedication", T.AddMedicationRequest(medication=med(name="A", started_on="2025-05-01", stopped_on="2025-04-30")), "stopped_on"),
        ("AddMedication", T.AddMedicationRequest(medication=med(name="A", started_on="01.05.2025")), "started_on"),
        ("AddMedication", T.AddMedicationRequest(medication=med(name="x" * 201)), "name"),
        ("AddMedication", T.AddMedicationRequest(medication=med(name="A", notes=LONG)), "notes"),
        ("AddMedication", T.AddMedicationRequest(medication=med()), "name"),
        ("CreateActivity", T.CreateActivityRequest(activity=act(title="A", starts_on="2030-02-01", repeat="weekly",
                                                                repeat_until="2030-01-01")), "repeat_until"),
        ("CreateActivity", T.CreateActivityRequest(activity=act(title="A", starts_on="2030-02-30")), "starts_on"),
        ("CreateActivity", T.CreateActivityRequest(activity=act(title="A", starts_on="2030-02-01", start_time="25:00")), "start_time"),
        ("CreateActivity", T.CreateActivityRequest(activity=act(title="A", starts_on="2030-02-01", repeat="yearly")), "repeat"),
        ("ListOccurrences", T.ListOccurrencesRequest(**{"from": "2030-02-01", "to": "2030-01-01"}), "to"),
        ("ListOccurrences", T.ListOccurrencesRequest(**{"from": "2030-01-01", "to": "2032-01-01"}), "to"),
        ("LogExercise", T.LogExerciseRequest(exercise_id=exercise_id, feeling=6), "feeling"),
        ("LogExercise", T.LogExerciseRequest(exercise_id=exercise_id, feeling=0), "feeling"),
        ("LogExercise", T.LogExerciseRequest(exercise_id=exercise_id, feeling=-1), "feeling"),
        ("LogExercise", T.LogExerciseRequest(exercise_id=exercise_id, feeling=3, note=LONG), "note"),
        ("RecordDomainStatus", T.RecordDomainStatusRequest(domain="housing", text="ok", rating=7), "rating"),
        ("RecordDomainStatus", T.RecordDomainStatusRequest(domain="hobbies", text="ok"), "domain"),
        ("RecordDomainStatus", T.RecordDomainStatusRequest(domain="housing", text="ok", recorded_on="2999-01-01"), "recorded_on"),
        ("CreateGoal", T.CreateGoalRequest(domain="housing", title=""), "title"),
        ("CreateGoal", T.CreateGoalRequest(domain="housing", title="A", steps=[T.AddStepRequest(text="s", due_date="soon")]), "steps.due_date"),
        ("UpdateGoal", T.UpdateGoalRequest(id=goal_id, domain="housing", title="A", status="finished"), "status"),
        ("AddNetworkMember", T.AddNetworkMemberRequest(member=T.NetworkMemberInput(name="A", circle="closest")), "circle"),
        ("SaveCrisisPlan", T.SaveCrisisPlanRequest(plan=T.CrisisPlan()), "plan"),
        ("SaveCrisisPlan", T.SaveCrisisPlanRequest(plan=T.CrisisPlan(warning_signs=["x" * 1001])), "warning_signs"),
        ("SaveCrisisPlan", T.SaveCrisisPlanRequest(plan=T.CrisisPlan(warning_signs=["a"] * 31)), "warning_signs"),
        ("SaveCrisisPlan", T.SaveCrisisPlanRequest(plan=T.CrisisPlan(professionals=[T.PlanContact(name="DPS", phone="ring meg")])), "professionals.phone"),
        ("SaveCrisisPlan", T.SaveCrisisPlanRequest(plan=T.CrisisPlan(ask_for_help=[T.PlanContact(phone="113")])), "ask_for_help.name"),
        ("GrantShare", T.GrantShareRequest(provider_id=provider_id, sections=["diary"]), "sections"),
        ("GrantShare", T.GrantShareRequest(provider_id=provider_id, sections=[]), "sections"),
        ("RevokeShare", T.RevokeShareRequest(provider_id=provider_id, sections=["goals", "diary"]), "sections"),
        ("MarkDone", T.MarkDoneRequest(activity_id=activity_id, date="2030-13-01", done=True), "date"),
        ("ListAccessLog", T.ListAccessLogRequest(limit=5000), "limit"),
    ]


def test_bad_input_is_named_and_nothing_is_half_written(toolbox, exercise):
    user = toolbox.person()
    provider = toolbox.person("health_provider")
    toolbox.care(provider, user)
    s, md = toolbox.stub, user.metadata
    goal = s.CreateGoal(tpb.CreateGoalRequest(domain="housing", title="Flytte"), metadata=md)
    activity = s.CreateActivity(tpb.CreateActivityRequest(activity=tpb.ActivityInput(title="A", starts_on="2030-01-01")),
                                metadata=md)
    before = s.Export(tpb.ExportRequest(), metadata=md).json
    for method, request, field in _bad_cases(goal.id, activity.id, exercise.id, provider.id):
        error = rpc_error(getattr(s, method), request, metadata=md)
        assert error.code() == grpc.StatusCode.INVALID_ARGUMENT, (method, field, error.details())
        assert trailer(error, "reconnect-field") == field, (method, field)
        assert "xxxx" not in error.details()
    after = s.Export(tpb.ExportRequest(), metadata=md).json
    strip = [line for line in before.splitlines() if '"exported_at"' not in line]
    assert strip == [line for line in after.splitlines() if '"exported_at"' not in line], "nothing was written"
    # Linking to a goal that is not the user's answers "not found", naming the field.
    error = rpc_error(s.CreateActivity, tpb.CreateActivityRequest(activity=tpb.ActivityInput(
        title="A", starts_on="2030-02-01", goal_id="nope")), metadata=md)
    assert error.code() == grpc.StatusCode.NOT_FOUND and trailer(error, "reconnect-field") == "goal_id"
    # A provider asking for an unknown section is told which field is wrong too.
    error = rpc_error(s.GetSharedSection, tpb.GetSharedSectionRequest(service_user_id=user.id, section="diary"),
                      metadata=provider.metadata)
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT and trailer(error, "reconnect-field") == "section"


@pytest.mark.parametrize("method", ["CreateExercise", "UpdateExercise"])
def test_bad_exercise_input_is_named(toolbox, exercise, method):
    base = dict(category="coping", title_nb="Tittel", title_en="Title", body_nb="Tekst", body_en="Text")
    for change, field in ((dict(category="yoga"), "category"), (dict(title_en=""), "title_en"),
                          (dict(body_nb="x" * 20_001), "body_nb"), (dict(duration_minutes=-5), "duration_minutes")):
        given = tpb.ExerciseInput(**{**base, **change})
        request = (tpb.CreateExerciseRequest(exercise=given) if method == "CreateExercise"
                   else tpb.UpdateExerciseRequest(id=exercise.id, exercise=given))
        error = rpc_error(getattr(toolbox.stub, method), request, metadata=toolbox.as_("mia"))
        assert error.code() == grpc.StatusCode.INVALID_ARGUMENT and trailer(error, "reconnect-field") == field
