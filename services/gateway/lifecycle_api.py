"""The account's lifecycle in the REST API: moving an account to another municipality, and
the caller's full personal data export.

Moving takes two steps, each decided by identity (role, municipality, recent second factor):

- ``POST /api/v1/accounts/<account_id>/move`` {"to_tenant"}: the source municipality's admin
  (or the region's) starts a move; 201 with the move. Another municipality's account is 404.
- ``GET /api/v1/account-moves``: moves waiting, into or out of the admin's municipality
  (a region admin may name one with ``?tenant=``).
- ``POST /api/v1/account-moves/<move_id>/accept``: the destination's admin (or the region's)
  accepts; the account moves, its care relationships end, its sign-ins end.
- ``POST /api/v1/account-moves/<move_id>/cancel``: either side's admin cancels a waiting move.

``GET /api/v1/me/export`` answers a zip with one JSON file per service (identity, forum,
messaging, toolbox, cafés) and a README.txt, each built with the caller's own token by the
service that holds the data. A service that is unavailable fails the whole export with
503 and Retry-After: an archive that silently lacks a part would mislead the person.
A service that holds nothing for the caller's role (the toolbox and messaging are the
service user's) gives a file that says so.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime

import grpc
from flask import Response, current_app, jsonify, request
from pydantic import Field, StrictStr

from reconnect.cafes.v1 import cafes_pb2, cafes_pb2_grpc
from reconnect.forum.v1 import forum_pb2, forum_pb2_grpc
from reconnect.identity.v1 import identity_pb2 as pb
from reconnect.identity.v1 import identity_pb2_grpc
from reconnect.messaging.v1 import messaging_pb2, messaging_pb2_grpc
from reconnect.toolbox.v1 import toolbox_pb2, toolbox_pb2_grpc
from services.gateway.api import bearer_token
from services.gateway.api_blueprint import api_blueprint, bad_parameter
from services.gateway.problems import Problem
from services.gateway.schemas import Body, parse_body
from services.kit import client

lifecycle_api = api_blueprint("lifecycle_api", __name__)

TIMEOUT_SECONDS = 5.0
# Exports read everything a person has; they get more time than an ordinary call.
EXPORT_TIMEOUT_SECONDS = 30.0
_MOVE_STATES = {pb.ACCOUNT_MOVE_STATE_PENDING: "pending", pb.ACCOUNT_MOVE_STATE_ACCEPTED: "accepted",
                pb.ACCOUNT_MOVE_STATE_CANCELLED: "cancelled"}


class MoveBody(Body):
    to_tenant: StrictStr = Field(min_length=1, max_length=40)


def _identity(method: str, request_message, token: str, timeout: float = TIMEOUT_SECONDS):
    stub = identity_pb2_grpc.IdentityServiceStub(client.channel(current_app.extensions["reconnect_identity"].address))
    return getattr(stub, method)(request_message, metadata=client.call_metadata(token), timeout=timeout)


def _id(value: str, field: str) -> str:
    if not value or len(value) > 100:
        raise Problem(404, "not-found", "Not found", f"{field}: no such item", field=field)
    return value


def _stamp(value) -> str | None:
    return value.ToDatetime(UTC).isoformat() if value.seconds or value.nanos else None


def move_json(move: pb.AccountMove) -> dict:
    return {
        "id": move.id, "account_id": move.account_id, "username": move.username,
        "from_tenant": move.from_tenant, "to_tenant": move.to_tenant, "state": _MOVE_STATES.get(move.state, ""),
        "requested_at": _stamp(move.requested_at),
        "decided_at": _stamp(move.decided_at) if move.HasField("decided_at") else None,
        "care_relationships_ended": move.care_relationships_ended,
    }


# -- moving an account -----------------------------------------------------------------------------


@lifecycle_api.post("/accounts/<account_id>/move")
def start_move(account_id: str):
    token = bearer_token()
    body = parse_body(MoveBody)
    move = _identity("StartAccountMove", pb.StartAccountMoveRequest(
        account_id=_id(account_id, "account_id"), to_tenant=body.to_tenant), token)
    return jsonify(move_json(move)), 201


@lifecycle_api.get("/account-moves")
def list_moves():
    token = bearer_token()
    tenant = request.args.get("tenant", "")
    if len(tenant) > 40:
        raise bad_parameter("tenant", "not a municipality")
    reply = _identity("ListAccountMoves", pb.ListAccountMovesRequest(tenant=tenant), token)
    return jsonify({"moves": [move_json(m) for m in reply.moves]})


@lifecycle_api.post("/account-moves/<move_id>/accept")
def accept_move(move_id: str):
    token = bearer_token()
    move = _identity("AcceptAccountMove", pb.AcceptAccountMoveRequest(move_id=_id(move_id, "move_id")), token)
    return jsonify(move_json(move))


@lifecycle_api.post("/account-moves/<move_id>/cancel")
def cancel_move(move_id: str):
    token = bearer_token()
    move = _identity("CancelAccountMove", pb.CancelAccountMoveRequest(move_id=_id(move_id, "move_id")), token)
    return jsonify(move_json(move))


# -- the personal data export ----------------------------------------------------------------------

README = """ReConnect – dine data / your data
=================================

NORSK
Dette arkivet inneholder alt ReConnect har lagret om deg, hentet {when} (UTC).
Hver tjeneste har sin egen fil (JSON, UTF-8):

  identity.json   Kontoen din: navn, kontaktopplysninger, pseudonym (og tidligere
                  pseudonymer), samtykker, behandlingsrelasjoner, hvem du har vist
                  navnet ditt til og hvem som har vist sitt til deg, sirkler, innlogginger,
                  flyttinger mellom kommuner.
  forum.json      Det du har skrevet i forumet (også i lukkede tråder), tråder du har
                  startet, reaksjoner, hvor langt du har lest, og meldinger du har sendt
                  til moderator.
  messaging.json  Samtalene dine med behandlerne dine.
  toolbox.json    Verktøykassen din: mål, aktivitetsplan, nettverkskart, kriseplan,
                  øvelseslogg, medisinoversikt, hva du har delt og hvem som har lest det.
  cafes.json      ReConnect-kafeer og aktiviteter: svarene dine, påminnelser, oppmøte,
                  følge og skyss, aktiviteter du har foreslått.

Andre personer vises bare med kontonummer eller pseudonym. Passord, engangskoder og
hemmelige lenker lagres bare som kontrollsummer og er derfor ikke med.
Oppbevar arkivet trygt: det inneholder helseopplysninger.

ENGLISH
This archive holds everything ReConnect stores about you, gathered {when} (UTC).
Each service has its own file (JSON, UTF-8):

  identity.json   Your account: name, contact details, pseudonym (and earlier ones),
                  consents, care relationships, to whom you revealed your name and who
                  revealed theirs to you, circles, sign-ins, moves between municipalities.
  forum.json      What you wrote in the forum (closed threads too), threads you started,
                  reactions, how far you have read, and reports you sent to moderators.
  messaging.json  Your conversations with your health providers.
  toolbox.json    Your toolbox: goals, activity plan, network map, crisis plan, exercise
                  log, medication overview, what you shared and who read it.
  cafes.json      ReConnect cafés and activities: your answers, reminders, attendance,
                  going together, activities you proposed.

Other people appear only by account id or pseudonym. Passwords, one-time codes and
secret links are stored only as hashes and so are not included.
Keep the archive safe: it contains health information.
"""

NOTHING_FOR_ROLE = {"note": "This service holds no personal data for your role. / Denne tjenesten har ingen "
                            "personopplysninger om deg i din rolle."}


def _export_sources() -> list[tuple[str, object, object]]:
    settings = current_app.config["RECONNECT_SETTINGS"]
    return [
        ("identity", identity_pb2_grpc.IdentityServiceStub(client.channel(settings.identity_address)), pb.ExportRequest()),
        ("forum", forum_pb2_grpc.ForumServiceStub(client.channel(settings.forum_address)), forum_pb2.ExportRequest()),
        ("messaging", messaging_pb2_grpc.MessagingServiceStub(client.channel(settings.messaging_address)),
         messaging_pb2.ExportRequest()),
        ("toolbox", toolbox_pb2_grpc.ToolboxServiceStub(client.channel(settings.toolbox_address)),
         toolbox_pb2.ExportRequest()),
        ("cafes", cafes_pb2_grpc.CafeServiceStub(client.channel(settings.events_address)), cafes_pb2.ExportRequest()),
    ]


def export_archive(token: str) -> Response:
    """The zip, built with the caller's token; any service failing fails it all (no partial archive)."""
    parts: dict[str, str] = {}
    for name, stub, request_message in _export_sources():
        try:
            reply = stub.Export(request_message, metadata=client.call_metadata(token), timeout=EXPORT_TIMEOUT_SECONDS)
            parts[name] = json.dumps(json.loads(reply.json), ensure_ascii=False, indent=2)
        except grpc.RpcError as error:
            if error.code() != grpc.StatusCode.PERMISSION_DENIED or name == "identity":
                raise
            parts[name] = json.dumps(NOTHING_FOR_ROLE, ensure_ascii=False, indent=2)
    now = datetime.now(UTC)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README.format(when=now.strftime("%Y-%m-%d %H:%M")))
        for name, document in parts.items():
            archive.writestr(f"{name}.json", document)
    response = Response(buffer.getvalue(), 200, mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="reconnect-data-{now:%Y-%m-%d}.zip"'
    response.headers["Cache-Control"] = "no-store"
    return response


@lifecycle_api.get("/me/export")
def export():
    return export_archive(bearer_token())
