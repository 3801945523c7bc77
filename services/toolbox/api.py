"""The gRPC face of the toolbox: proto in, proto out. Rules live in domain.py."""

from __future__ import annotations

from datetime import UTC, datetime

from reconnect.toolbox.v1 import toolbox_pb2 as pb
from reconnect.toolbox.v1 import toolbox_pb2_grpc
from services.kit import auth
from services.kit.proto_time import moment_of, timestamp
from services.toolbox import domain as d
from services.toolbox.domain import Toolbox

SERVICE_NAME = pb.DESCRIPTOR.services_by_name["ToolboxService"].full_name
# The calendar feed is fetched by calendar apps with no sign-in: its secret token is the credential.
PUBLIC_METHODS: frozenset[str] = frozenset({f"/{SERVICE_NAME}/GetCalendar"})


def _day(value) -> str:
    return value.isoformat() if value else ""


def value_pb(v: d.ValueView) -> pb.Value:
    return pb.Value(id=v.id, text=v.text, created_at=timestamp(v.created_at), updated_at=timestamp(v.updated_at))


def status_pb(s: d.StatusView) -> pb.DomainStatus:
    return pb.DomainStatus(id=s.id, domain=s.domain, text=s.text, rating=s.rating, recorded_on=_day(s.recorded_on),
                           created_at=timestamp(s.created_at))


def domain_pb(v: d.DomainView) -> pb.LifeDomain:
    return pb.LifeDomain(key=v.key, custom=v.custom, name=v.name, latest=status_pb(v.latest) if v.latest else None)


def goal_pb(g: d.GoalView) -> pb.Goal:
    return pb.Goal(
        id=g.id, domain=g.domain, title=g.title, description=g.description, target_date=_day(g.target_date),
        status=g.status, progress_percent=g.progress_percent, created_at=timestamp(g.created_at),
        updated_at=timestamp(g.updated_at), completed_at=timestamp(g.completed_at),
        steps=[pb.GoalStep(id=s.id, goal_id=s.goal_id, text=s.text, due_date=_day(s.due_date), status=s.status,
                           position=s.position, done_at=timestamp(s.done_at)) for s in g.steps],
    )


def activity_pb(a: d.ActivityView) -> pb.Activity:
    return pb.Activity(
        id=a.id, title=a.title, notes=a.notes, starts_on=_day(a.starts_on), start_time=a.start_time,
        duration_minutes=a.duration_minutes, repeat=a.repeat, repeat_until=_day(a.repeat_until), goal_id=a.goal_id,
        created_at=timestamp(a.created_at), updated_at=timestamp(a.updated_at),
    )


def occurrence_pb(o: d.OccurrenceView) -> pb.Occurrence:
    return pb.Occurrence(activity_id=o.activity_id, date=_day(o.date), start_time=o.start_time, title=o.title,
                         done=o.done, done_at=timestamp(o.done_at), goal_id=o.goal_id)


def feed_pb(f: d.FeedView) -> pb.CalendarFeed:
    return pb.CalendarFeed(id=f.id, show_titles=f.show_titles, created_at=timestamp(f.created_at),
                           revoked_at=timestamp(f.revoked_at), token=f.token)


def member_pb(m: d.MemberView) -> pb.NetworkMember:
    return pb.NetworkMember(id=m.id, name=m.name, kind=m.kind, relation=m.relation, circle=m.circle,
                            can_help_with=m.can_help_with, contact=m.contact, created_at=timestamp(m.created_at),
                            updated_at=timestamp(m.updated_at))


def _contacts(items: list[d.PlanContact]) -> list[pb.PlanContact]:
    return [pb.PlanContact(name=c.name, phone=c.phone, note=c.note) for c in items]


def plan_pb(v: d.PlanVersionView) -> pb.CrisisPlanVersion:
    p = v.plan
    return pb.CrisisPlanVersion(version=v.version, saved_at=timestamp(v.saved_at), plan=pb.CrisisPlan(
        warning_signs=p.warning_signs, coping_strategies=p.coping_strategies, distractions=_contacts(p.distractions),
        ask_for_help=_contacts(p.ask_for_help), professionals=_contacts(p.professionals),
        safe_environment=p.safe_environment, reasons_for_living=p.reasons_for_living,
    ))


def plan_from_pb(plan: pb.CrisisPlan) -> d.Plan:
    def contacts(items) -> list[d.PlanContact]:
        return [d.PlanContact(c.name, c.phone, c.note) for c in items]

    return d.Plan(
        warning_signs=list(plan.warning_signs), coping_strategies=list(plan.coping_strategies),
        distractions=contacts(plan.distractions), ask_for_help=contacts(plan.ask_for_help),
        professionals=contacts(plan.professionals), safe_environment=list(plan.safe_environment),
        reasons_for_living=list(plan.reasons_for_living),
    )


def exercise_pb(e) -> pb.Exercise:
    return pb.Exercise(id=e.id, category=e.category, title_nb=e.title_nb, title_en=e.title_en, body_nb=e.body_nb,
                       body_en=e.body_en, duration_minutes=e.duration_minutes, archived=e.archived,
                       created_at=timestamp(e.created_at), updated_at=timestamp(e.updated_at))


def log_pb(e: d.LogView) -> pb.ExerciseLogEntry:
    return pb.ExerciseLogEntry(id=e.id, exercise_id=e.exercise_id, exercise_title_nb=e.exercise_title_nb,
                               exercise_title_en=e.exercise_title_en, feeling=e.feeling, note=e.note,
                               done_at=timestamp(e.done_at))


def medication_pb(m: d.MedicationView) -> pb.Medication:
    return pb.Medication(
        id=m.id, name=m.name, strength=m.strength, dose=m.dose, schedule=m.schedule, purpose=m.purpose,
        prescriber=m.prescriber, started_on=_day(m.started_on), stopped_on=_day(m.stopped_on), notes=m.notes,
        created_at=timestamp(m.created_at), updated_at=timestamp(m.updated_at),
    )


def info_pb(i) -> pb.InfoItem:
    return pb.InfoItem(id=i.id, kind=i.kind, category=i.category, language=i.language, title=i.title, body=i.body,
                       url=i.url, position=i.position, updated_at=timestamp(i.updated_at))


def shares_pb(shares) -> pb.ListSharesResponse:
    return pb.ListSharesResponse(shares=[
        pb.Share(provider_id=s.provider_id, section=s.section, granted_at=timestamp(s.granted_at), revoked_at=timestamp(s.revoked_at))
        for s in shares
    ])


def _activity_in(a: pb.ActivityInput) -> d.ActivityInput:
    return d.ActivityInput(a.title, a.notes, a.starts_on, a.start_time, a.duration_minutes, a.repeat, a.repeat_until,
                           a.goal_id)


def _member_in(m: pb.NetworkMemberInput) -> d.MemberInput:
    return d.MemberInput(m.name, m.kind, m.relation, m.circle, m.can_help_with, m.contact)


def _exercise_in(e: pb.ExerciseInput) -> d.ExerciseInput:
    return d.ExerciseInput(e.category, e.title_nb, e.title_en, e.body_nb, e.body_en, e.duration_minutes)


def _medication_in(m: pb.MedicationInput) -> d.MedicationInput:
    return d.MedicationInput(m.name, m.strength, m.dose, m.schedule, m.purpose, m.prescriber, m.started_on,
                             m.stopped_on, m.notes)


def _info_in(i: pb.InfoItemInput) -> d.InfoInput:
    return d.InfoInput(i.kind, i.category, i.language, i.title, i.body, i.url, i.position)


DELETED = pb.DeleteResponse()


class ToolboxApi(toolbox_pb2_grpc.ToolboxServiceServicer):
    def __init__(self, toolbox: Toolbox):
        self.toolbox = toolbox

    # -- values and life domains
    def ListValues(self, request, context):
        return pb.ListValuesResponse(values=[value_pb(v) for v in self.toolbox.list_values(auth.require_caller())])

    def AddValue(self, request, context):
        return value_pb(self.toolbox.add_value(auth.require_caller(), request.text))

    def UpdateValue(self, request, context):
        return value_pb(self.toolbox.update_value(auth.require_caller(), request.id, request.text))

    def DeleteValue(self, request, context):
        self.toolbox.delete_value(auth.require_caller(), request.id)
        return DELETED

    def ListLifeDomains(self, request, context):
        return pb.ListLifeDomainsResponse(domains=[domain_pb(v) for v in self.toolbox.list_life_domains(auth.require_caller())])

    def CreateLifeDomain(self, request, context):
        return domain_pb(self.toolbox.create_life_domain(auth.require_caller(), request.name))

    def RenameLifeDomain(self, request, context):
        return domain_pb(self.toolbox.rename_life_domain(auth.require_caller(), request.id, request.name))

    def DeleteLifeDomain(self, request, context):
        self.toolbox.delete_life_domain(auth.require_caller(), request.id)
        return DELETED

    def RecordDomainStatus(self, request, context):
        return status_pb(self.toolbox.record_domain_status(auth.require_caller(), request.domain, request.text,
                                                           request.rating, request.recorded_on))

    def ListDomainStatuses(self, request, context):
        statuses = self.toolbox.list_domain_statuses(auth.require_caller(), request.domain)
        return pb.ListDomainStatusesResponse(statuses=[status_pb(s) for s in statuses])

    def DeleteDomainStatus(self, request, context):
        self.toolbox.delete_domain_status(auth.require_caller(), request.id)
        return DELETED

    # -- goals
    def ListGoals(self, request, context):
        goals = self.toolbox.list_goals(auth.require_caller(), request.domain, request.include_closed)
        return pb.ListGoalsResponse(goals=[goal_pb(g) for g in goals])

    def GetGoal(self, request, context):
        return goal_pb(self.toolbox.get_goal(auth.require_caller(), request.id))

    def CreateGoal(self, request, context):
        return goal_pb(self.toolbox.create_goal(
            auth.require_caller(), request.domain, request.title, request.description, request.target_date,
            [(s.text, s.due_date) for s in request.steps],
        ))

    def UpdateGoal(self, request, context):
        return goal_pb(self.toolbox.update_goal(auth.require_caller(), request.id, request.domain, request.title,
                                                request.description, request.target_date, request.status))

    def DeleteGoal(self, request, context):
        self.toolbox.delete_goal(auth.require_caller(), request.id)
        return DELETED

    def AddStep(self, request, context):
        return goal_pb(self.toolbox.add_step(auth.require_caller(), request.goal_id, request.text, request.due_date))

    def UpdateStep(self, request, context):
        return goal_pb(self.toolbox.update_step(auth.require_caller(), request.id, request.text, request.due_date,
                                                request.status))

    def DeleteStep(self, request, context):
        return goal_pb(self.toolbox.delete_step(auth.require_caller(), request.id))

    # -- activity plan
    def ListActivities(self, request, context):
        return pb.ListActivitiesResponse(activities=[activity_pb(a) for a in self.toolbox.list_activities(auth.require_caller())])

    def CreateActivity(self, request, context):
        return activity_pb(self.toolbox.create_activity(auth.require_caller(), _activity_in(request.activity)))

    def UpdateActivity(self, request, context):
        return activity_pb(self.toolbox.update_activity(auth.require_caller(), request.id, _activity_in(request.activity)))

    def DeleteActivity(self, request, context):
        self.toolbox.delete_activity(auth.require_caller(), request.id)
        return DELETED

    def ListOccurrences(self, request, context):
        found = self.toolbox.list_occurrences(auth.require_caller(), getattr(request, "from"), request.to)
        return pb.ListOccurrencesResponse(occurrences=[occurrence_pb(o) for o in found])

    def MarkDone(self, request, context):
        return occurrence_pb(self.toolbox.mark_done(auth.require_caller(), request.activity_id, request.date, request.done))

    def CreateCalendarFeed(self, request, context):
        return feed_pb(self.toolbox.create_calendar_feed(auth.require_caller(), request.show_titles))

    def ListCalendarFeeds(self, request, context):
        return pb.ListCalendarFeedsResponse(feeds=[feed_pb(f) for f in self.toolbox.list_calendar_feeds(auth.require_caller())])

    def RevokeCalendarFeed(self, request, context):
        return feed_pb(self.toolbox.revoke_calendar_feed(auth.require_caller(), request.id))

    def GetCalendar(self, request, context):
        return pb.GetCalendarResponse(ics=self.toolbox.calendar_ics(request.token))

    # -- network map
    def ListNetwork(self, request, context):
        return pb.ListNetworkResponse(members=[member_pb(m) for m in self.toolbox.list_network(auth.require_caller())])

    def AddNetworkMember(self, request, context):
        return member_pb(self.toolbox.add_network_member(auth.require_caller(), _member_in(request.member)))

    def UpdateNetworkMember(self, request, context):
        return member_pb(self.toolbox.update_network_member(auth.require_caller(), request.id, _member_in(request.member)))

    def DeleteNetworkMember(self, request, context):
        self.toolbox.delete_network_member(auth.require_caller(), request.id)
        return DELETED

    # -- crisis plan
    def GetCrisisPlan(self, request, context):
        return plan_pb(self.toolbox.get_crisis_plan(auth.require_caller()))

    def SendCrisisPlan(self, request, context):
        conversation_id = self.toolbox.send_crisis_plan(auth.require_caller(), request.provider_id, request.note)
        return pb.SendCrisisPlanResponse(conversation_id=conversation_id)

    def SaveCrisisPlan(self, request, context):
        return plan_pb(self.toolbox.save_crisis_plan(auth.require_caller(), plan_from_pb(request.plan)))

    def ListCrisisPlanVersions(self, request, context):
        versions = self.toolbox.list_crisis_plan_versions(auth.require_caller())
        return pb.ListCrisisPlanVersionsResponse(versions=[plan_pb(v) for v in versions])

    def DeleteCrisisPlan(self, request, context):
        self.toolbox.delete_crisis_plan(auth.require_caller())
        return DELETED

    # -- exercises
    def ListExercises(self, request, context):
        found = self.toolbox.list_exercises(auth.require_caller(), request.category, request.include_archived)
        return pb.ListExercisesResponse(exercises=[exercise_pb(e) for e in found])

    def CreateExercise(self, request, context):
        return exercise_pb(self.toolbox.create_exercise(auth.require_caller(), _exercise_in(request.exercise)))

    def UpdateExercise(self, request, context):
        return exercise_pb(self.toolbox.update_exercise(auth.require_caller(), request.id, _exercise_in(request.exercise),
                                                        request.archived))

    def LogExercise(self, request, context):
        return log_pb(self.toolbox.log_exercise(auth.require_caller(), request.exercise_id, request.feeling, request.note,
                                                moment_of(request.done_at)))

    def ListExerciseLog(self, request, context):
        return pb.ListExerciseLogResponse(entries=[log_pb(e) for e in self.toolbox.list_exercise_log(auth.require_caller())])

    def DeleteExerciseLogEntry(self, request, context):
        self.toolbox.delete_exercise_log_entry(auth.require_caller(), request.id)
        return DELETED

    # -- medications
    def ListMedications(self, request, context):
        return pb.ListMedicationsResponse(medications=[medication_pb(m) for m in self.toolbox.list_medications(auth.require_caller())])

    def AddMedication(self, request, context):
        return medication_pb(self.toolbox.add_medication(auth.require_caller(), _medication_in(request.medication)))

    def UpdateMedication(self, request, context):
        return medication_pb(self.toolbox.update_medication(auth.require_caller(), request.id,
                                                            _medication_in(request.medication)))

    def DeleteMedication(self, request, context):
        self.toolbox.delete_medication(auth.require_caller(), request.id)
        return DELETED

    # -- information and local links
    def ListInfoItems(self, request, context):
        found = self.toolbox.list_info_items(auth.require_caller(), request.category, request.language)
        return pb.ListInfoItemsResponse(items=[info_pb(i) for i in found])

    def CreateInfoItem(self, request, context):
        return info_pb(self.toolbox.create_info_item(auth.require_caller(), _info_in(request.item)))

    def UpdateInfoItem(self, request, context):
        return info_pb(self.toolbox.update_info_item(auth.require_caller(), request.id, _info_in(request.item)))

    def DeleteInfoItem(self, request, context):
        self.toolbox.delete_info_item(auth.require_caller(), request.id)
        return DELETED

    # -- sharing
    def GrantShare(self, request, context):
        return shares_pb(self.toolbox.grant_share(auth.require_caller(), request.provider_id, list(request.sections)))

    def RevokeShare(self, request, context):
        return shares_pb(self.toolbox.revoke_share(auth.require_caller(), request.provider_id, list(request.sections)))

    def ListShares(self, request, context):
        return shares_pb(self.toolbox.list_shares(auth.require_caller(), request.include_revoked))

    def ListAccessLog(self, request, context):
        entries = self.toolbox.access_log(auth.require_caller(), request.limit)
        return pb.ListAccessLogResponse(entries=[
            pb.AccessLogEntry(provider_id=e.provider_id, section=e.section, at=timestamp(e.at)) for e in entries
        ])

    def ListSharedWithMe(self, request, context):
        return pb.ListSharedWithMeResponse(users=[
            pb.SharedWithMe(service_user_id=u.service_user_id, service_user_pseudonym=u.service_user_pseudonym,
                            sections=u.sections)
            for u in self.toolbox.shared_with_me(auth.require_caller())
        ])

    def GetSharedSection(self, request, context):
        v = self.toolbox.shared_section(auth.require_caller(), request.service_user_id, request.section)
        return pb.SharedSection(
            service_user_id=v.service_user_id, section=v.section, goals=[goal_pb(g) for g in v.goals],
            activities=[activity_pb(a) for a in v.activities],
            recent_and_upcoming=[occurrence_pb(o) for o in v.occurrences],
            network=[member_pb(m) for m in v.network], crisis_plan=plan_pb(v.crisis_plan) if v.crisis_plan else None,
            medications=[medication_pb(m) for m in v.medications], exercise_log=[log_pb(e) for e in v.exercise_log],
        )

    # -- the user's data as a whole
    def Export(self, request, context):
        return pb.ExportResponse(json=self.toolbox.export(auth.require_caller()), generated_at=timestamp(datetime.now(UTC)))

    def EraseMyToolbox(self, request, context):
        self.toolbox.erase_my_toolbox(auth.require_caller())
        return pb.EraseMyToolboxResponse()
