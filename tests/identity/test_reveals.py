"""Reveals and circles: one-way, revocable, never passed on."""

from __future__ import annotations

import uuid

import grpc

from reconnect.identity.v1 import identity_pb2 as pb
from tests.conftest import PASSWORD, rpc_error, trailer


def person(identity, tenant="nordvik", real_name="Kari Nordmann") -> tuple[str, list]:
    username = f"r{uuid.uuid4().hex[:10]}"
    identity.service.bootstrap_account(tenant, username, PASSWORD, ["service_user"], real_name)
    token = identity.login(tenant, username).access_token
    metadata = [("authorization", f"Bearer {token}")]
    me = identity.stub.GetMe(pb.GetMeRequest(), metadata=metadata)
    identity.stub.SetPseudonym(pb.SetPseudonymRequest(pseudonym="Peer" + uuid.uuid4().hex[:8].translate(str.maketrans("0123456789", "ghijklmnop"))), metadata=metadata)
    return me.id, metadata


def names_seen_by(identity, metadata, account_ids) -> dict[str, str]:
    reply = identity.stub.ResolveNames(pb.ResolveNamesRequest(account_ids=account_ids), metadata=metadata)
    return {n.account_id: n.revealed_name for n in reply.names}


def test_a_reveal_is_one_way_and_never_passes_on(identity):
    anna, anna_md = person(identity, real_name="Anna Aas")
    bo, bo_md = person(identity, "sorby", real_name="Bo Berg")  # the forum is shared across municipalities
    cai, cai_md = person(identity)
    identity.stub.RevealTo(pb.RevealToRequest(viewer_id=bo, name_kind=pb.REVEALED_NAME_KIND_FIRST_NAME), metadata=anna_md)
    assert names_seen_by(identity, bo_md, [anna]) == {anna: "Anna"}
    assert names_seen_by(identity, anna_md, [bo]) == {bo: ""}, "revealing does not reveal the other"
    assert names_seen_by(identity, cai_md, [anna]) == {anna: ""}, "a third person learns nothing"
    given = identity.stub.ListReveals(pb.ListRevealsRequest(), metadata=anna_md).given
    assert [(r.viewer_id, r.name) for r in given] == [(bo, "Anna")]
    received = identity.stub.ListReveals(pb.ListRevealsRequest(), metadata=bo_md).received
    assert [(r.account_id, r.name) for r in received] == [(anna, "Anna")]


def test_revoking_hides_the_name_at_once(identity):
    anna, anna_md = person(identity)
    bo, bo_md = person(identity)
    identity.stub.RevealTo(
        pb.RevealToRequest(viewer_id=bo, name_kind=pb.REVEALED_NAME_KIND_CAFE_NAME, cafe_name="Kaffe-Kari"), metadata=anna_md
    )
    assert names_seen_by(identity, bo_md, [anna]) == {anna: "Kaffe-Kari"}
    identity.stub.RevokeReveal(pb.RevokeRevealRequest(viewer_id=bo), metadata=anna_md)
    assert names_seen_by(identity, bo_md, [anna]) == {anna: ""}
    again = rpc_error(identity.stub.RevokeReveal, pb.RevokeRevealRequest(viewer_id=bo), metadata=anna_md)
    assert again.code() == grpc.StatusCode.NOT_FOUND


def test_bad_reveals_are_refused_with_the_field(identity):
    anna, anna_md = person(identity)
    bo, _ = person(identity)
    cases = [
        (pb.RevealToRequest(viewer_id=anna, name_kind=pb.REVEALED_NAME_KIND_FIRST_NAME), "viewer_id"),
        (pb.RevealToRequest(viewer_id=str(uuid.uuid4()), name_kind=pb.REVEALED_NAME_KIND_FIRST_NAME), "viewer_id"),
        (pb.RevealToRequest(viewer_id=bo), "name_kind"),
        (pb.RevealToRequest(viewer_id=bo, name_kind=pb.REVEALED_NAME_KIND_CAFE_NAME, cafe_name="x"), "cafe_name"),
        (pb.RevealToRequest(viewer_id=bo, name_kind=pb.REVEALED_NAME_KIND_CAFE_NAME, cafe_name="me@x.no"), "cafe_name"),
        (pb.RevealToRequest(viewer_id=identity.ids["hansen"], name_kind=pb.REVEALED_NAME_KIND_FIRST_NAME), "viewer_id"),
    ]
    for request, field in cases:
        error = rpc_error(identity.stub.RevealTo, request, metadata=anna_md)
        assert error.code() in (grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.NOT_FOUND), field
        assert trailer(error, "reconnect-field") == field
    provider = rpc_error(identity.stub.RevealTo, pb.RevealToRequest(viewer_id=anna, name_kind=1), metadata=identity.as_("hansen"))
    assert provider.code() == grpc.StatusCode.PERMISSION_DENIED


def test_a_circle_reveals_its_accepted_members_to_each_other_only(identity):
    anna, anna_md = person(identity, real_name="Anna Aas")
    bo, bo_md = person(identity, real_name="Bo Berg")
    cai, cai_md = person(identity, real_name="Cai Carlsen")
    outsider, outsider_md = person(identity)
    circle = identity.stub.CreateCircle(
        pb.CreateCircleRequest(name="Tirsdagsgjengen", name_kind=pb.REVEALED_NAME_KIND_FIRST_NAME, invitee_ids=[bo, cai]),
        metadata=anna_md,
    )
    # Invited but not yet accepted: the invitee sees pseudonyms, not names.
    invitation = identity.stub.ListCircles(pb.ListCirclesRequest(), metadata=bo_md).invitations
    assert [c.id for c in invitation] == [circle.id]
    assert all(m.revealed_name == "" for m in invitation[0].members)
    assert names_seen_by(identity, bo_md, [anna]) == {anna: ""}

    identity.stub.AnswerCircleInvitation(
        pb.AnswerCircleInvitationRequest(circle_id=circle.id, accept=True, name_kind=pb.REVEALED_NAME_KIND_CAFE_NAME, cafe_name="Bosse"),
        metadata=bo_md,
    )
    declined = identity.stub.AnswerCircleInvitation(pb.AnswerCircleInvitationRequest(circle_id=circle.id, accept=False), metadata=cai_md)
    assert declined.id == ""
    assert names_seen_by(identity, bo_md, [anna, cai]) == {anna: "Anna", cai: ""}
    assert names_seen_by(identity, anna_md, [bo]) == {bo: "Bosse"}
    assert names_seen_by(identity, outsider_md, [anna, bo]) == {anna: "", bo: ""}
    mine = identity.stub.ListCircles(pb.ListCirclesRequest(), metadata=anna_md).circles
    assert [c.name for c in mine] == ["Tirsdagsgjengen"]
    assert {m.account_id: m.revealed_name for m in mine[0].members} == {anna: "Anna", bo: "Bosse"}
    not_member = rpc_error(identity.stub.InviteToCircle, pb.InviteToCircleRequest(circle_id=circle.id, account_id=outsider), metadata=cai_md)
    assert not_member.code() == grpc.StatusCode.NOT_FOUND

    identity.stub.LeaveCircle(pb.LeaveCircleRequest(circle_id=circle.id), metadata=bo_md)
    assert names_seen_by(identity, anna_md, [bo]) == {bo: ""}, "leaving ends the reveal at once"
    assert names_seen_by(identity, bo_md, [anna]) == {anna: ""}
    assert identity.stub.ListCircles(pb.ListCirclesRequest(), metadata=bo_md).circles == []
