"""Part 8: what peers see never identifies anyone: account ids are random (UUIDv4, not
ordered by sign-up), no real name reaches a viewer it was not revealed to, forum times
reach peers to the minute, and researchers get every figure below 5 suppressed."""

from __future__ import annotations

import uuid
from datetime import datetime

from reconnect.identity.v1 import identity_pb2 as pb
from tests.assurance.declarations import HTTP_CALLS
from tests.assurance.declarations.gateway import send
from tests.assurance.world import (
    ELSEWHERE,
    HOME,
    PEER_MODERATOR,
    REGION,
    REGION_ADMIN,
    RESEARCHER,
    SERVICE_USER,
    TENANT_ADMIN,
)

PART = "8 pseudonymity"


def test_account_ids_are_random_uuid4_not_ordered_by_sign_up(world, report):
    admin = world.metadata(TENANT_ADMIN)
    accounts = list(world.identity.ListAccounts(pb.ListAccountsRequest(tenant=HOME, page_size=200),
                                                metadata=admin, timeout=10).accounts)
    assert len(accounts) >= 10
    for account in accounts:
        parsed = uuid.UUID(account.id)
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122, account.id
    by_sign_up = [a.id for a in sorted(accounts, key=lambda a: (a.created_at.seconds, a.created_at.nanos))]
    # Random ids: the chance that sorting by id gives the sign-up order is 1/n!.
    assert by_sign_up != sorted(by_sign_up), "account ids sort in sign-up order"
    report.add(PART, f"{len(accounts)} account ids are UUIDv4 (RFC 4122 variant) and do not sort by sign-up")


def test_peers_see_no_real_name_not_revealed_to_them(world, report):
    checked = 0
    for viewer_name in (SERVICE_USER, PEER_MODERATOR):
        viewer = world.personas[viewer_name]
        others = [p.real_name for p in world.personas.values() if p.real_name and p is not viewer]
        for route, make in sorted(HTTP_CALLS.items()):
            call = make(world, viewer, "own")
            if call is None:
                continue
            body = send(world, viewer, call).text
            checked += 1
            leaked = [name for name in others if name in body or name.split()[0] in body]
            assert not leaked, f"{route} showed {viewer_name} a real name not revealed to them"
    # Over gRPC, as other services display people: a pseudonym, and a name only once revealed.
    su, peer = world.personas[SERVICE_USER], world.personas[f"peer@{HOME}"]
    before = world.identity.ResolveNames(pb.ResolveNamesRequest(account_ids=[su.account_id]),
                                         metadata=world.metadata(peer), timeout=10).names
    assert all(n.revealed_name in ("",) or not n.revealed_name.startswith("Rn") for n in before)
    world.identity.RevealTo(pb.RevealToRequest(viewer_id=peer.account_id, name_kind=pb.REVEALED_NAME_KIND_FIRST_NAME),
                            metadata=world.metadata(su), timeout=10)
    after = world.identity.ResolveNames(pb.ResolveNamesRequest(account_ids=[su.account_id]),
                                        metadata=world.metadata(peer), timeout=10).names
    assert after[0].revealed_name == su.real_name.split()[0]
    third = world.personas[PEER_MODERATOR]
    unseen = world.identity.ResolveNames(pb.ResolveNamesRequest(account_ids=[su.account_id]),
                                         metadata=world.metadata(third), timeout=10).names
    assert unseen[0].revealed_name == "", "a reveal passed on to a third person"
    world.identity.RevokeReveal(pb.RevokeRevealRequest(viewer_id=peer.account_id), metadata=world.metadata(su),
                                timeout=10)
    report.add(PART, f"{checked} responses to a service user and a peer moderator carried no other person's real "
                     "name; ResolveNames shows a first name only to the one it was revealed to")


def _times(document, path: str = "") -> list[tuple[str, str]]:
    """Every timestamp in a JSON document: (where, value) for keys ending in ``_at``."""
    found = []
    if isinstance(document, dict):
        for key, value in document.items():
            if key.endswith("_at") and isinstance(value, str):
                found.append((f"{path}.{key}", value))
            else:
                found += _times(value, f"{path}.{key}")
    elif isinstance(document, list):
        for index, value in enumerate(document):
            found += _times(value, f"{path}[{index}]")
    return found


def test_forum_timestamps_are_no_finer_than_a_minute(world, report):
    """Exact seconds help match a post to someone seen at a keyboard: peers see minutes."""
    from tests.assurance.declarations.forum import BODY, objects

    found = objects(world, "own")
    peer = world.personas[f"peer@{HOME}"]
    client = world.http(HOME)
    # A fresh reply, so that at least one time is very unlikely to fall on a whole minute.
    reply = client.post(f"/api/v1/forum/threads/{found.thread_id}/posts", token=world.token(peer),
                        json={"body": BODY, "post_anyway": True})
    assert reply.status_code == 201, reply.text
    documents = {}
    for viewer_name in (SERVICE_USER, PEER_MODERATOR):
        token = world.token(viewer_name)
        documents[f"thread as {viewer_name}"] = client.get(f"/api/v1/forum/threads/{found.thread_id}", token=token)
        documents[f"threads as {viewer_name}"] = client.get(
            f"/api/v1/forum/categories/{found.category_id}/threads", token=token)
        documents[f"search as {viewer_name}"] = client.get("/api/v1/forum/search", token=token,
                                                           params={"q": "quiet walk"})
    checked, finer = 0, []
    for where, response in documents.items():
        assert response.status_code == 200, f"{where}: {response.status_code} {response.text[:200]}"
        for field_path, value in _times(response.json()):
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
            checked += 1
            if moment.second or moment.microsecond:
                finer.append(f"{where}{field_path} = {value}")
    assert checked >= 3, f"only {checked} forum timestamps found to check"
    assert not finer, "forum times finer than a minute shown to peers:\n" + "\n".join(finer[:20])
    report.add(PART, f"forum timestamps: {checked} times in {len(documents)} gateway forum answers (thread, thread "
                     "list, search; as a service user and a peer moderator) are whole minutes")


def _figures(client, path: str, token: str, tenant: str, params: dict) -> dict:
    response = client.get(path, token=token, params={"tenant": tenant, **params})
    assert response.status_code == 200, f"{path} ({tenant}): {response.status_code} {response.text[:200]}"
    return response.json()


def test_researcher_figures_below_five_are_suppressed(world, report):
    """A researcher gets every figure below 5 as null (a small count can point at a person);
    the region's view of the same period shows what was suppressed."""

    client = world.http(HOME)
    researcher, region = world.token(RESEARCHER), world.token(REGION_ADMIN)
    region_client = world.http(REGION)
    window = {"from": "2020-01-01T00:00:00Z", "to": "2100-01-01T00:00:00Z"}
    checked = suppressed = 0
    wrong = []
    for path, params in (("/api/v1/forum/usage", window), ("/api/v1/cafes/figures", window)):
        for tenant in (HOME, ELSEWHERE):
            seen = _figures(client, path, researcher, tenant, params)
            truth = _figures(region_client, path, region, tenant, params)
            for name, value in truth.items():
                if name == "tenant":
                    continue
                pairs = zip(value, seen[name], strict=True) if isinstance(value, list) else [(value, seen[name])]
                for index, (true_value, shown) in enumerate(pairs):
                    checked += 1
                    expected = true_value if true_value >= 5 else None
                    suppressed += expected is None
                    if shown != expected:
                        wrong.append(f"{path} {tenant} {name}[{index}]: researcher sees {shown}, true {true_value}")
    assert not wrong, "researcher figures not k-anonymous (below 5 suppressed):\n" + "\n".join(wrong)
    assert suppressed, "no small figure to suppress: the check would prove nothing"
    report.add(PART, f"researcher figures: {checked} forum usage and café figures for {HOME} and {ELSEWHERE}; "
                     f"{suppressed} below 5 came as null, the rest equal the region's unsuppressed view")
