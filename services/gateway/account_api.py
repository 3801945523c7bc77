"""The caller's own sign-ins, second factor and erasure, and a tenant admin's switch for
deactivating an account, in the REST API (``/api/v1/me/...``, ``/api/v1/accounts/...``).

Identity decides everything (whose session, which role, whether a code is right); the
gateway forwards the caller's token and turns the answers into JSON or problem+json.
"""

from __future__ import annotations

import re

from flask import current_app, jsonify, request

from reconnect.identity.v1 import identity_pb2 as pb
from services.gateway import resources
from services.gateway.account_schemas import AccountActiveBody, ErasureBody, SecondFactorCodeBody, StepUpBody
from services.gateway.api import bearer_token
from services.gateway.api_blueprint import api_blueprint, no_content
from services.gateway.identity_client import IdentityClient
from services.gateway.problems import Problem
from services.gateway.schemas import parse_body

account_api = api_blueprint("account_api", __name__)

# An erasure receipt as identity makes them (token_urlsafe): anything else is not one.
_RECEIPT = re.compile(r"^[A-Za-z0-9_-]{16,128}$")
_ID = re.compile(r"^[A-Za-z0-9-]{1,100}$")


def identity() -> IdentityClient:
    return current_app.extensions["reconnect_identity"]


def session_json(message: pb.Session) -> dict:
    return {
        "id": message.id,
        "started_at": resources.timestamp(message.started_at, message.HasField("started_at")),
        "last_used_at": resources.timestamp(message.last_used_at, message.HasField("last_used_at")),
        "expires_at": resources.timestamp(message.expires_at, message.HasField("expires_at")),
        "current": message.current,
    }


def erasure_json(message: pb.ErasureStatus) -> dict:
    document = {
        "requested_at": resources.timestamp(message.requested_at, message.HasField("requested_at")),
        "done": message.done,
        "services": [
            {"service": progress.service,
             "completed_at": resources.timestamp(progress.completed_at, progress.HasField("completed_at"))}
            for progress in message.services
        ],
    }
    if message.receipt:
        document["receipt"] = message.receipt
    return document


def _path_id(value: str, field: str) -> str:
    # Anything that cannot be an id is not found, as a well-formed unknown one is.
    if not _ID.match(value):
        raise Problem(404, "not-found", "Not found", "no such object", field=field)
    return value


# Sessions: one per sign-in


@account_api.get("/me/sessions")
def list_sessions():
    sessions = identity().list_sessions(bearer_token())
    return jsonify({"sessions": [session_json(s) for s in sessions]})


@account_api.delete("/me/sessions/<session_id>")
def revoke_session(session_id: str):
    token = bearer_token()
    identity().revoke_session(token, _path_id(session_id, "session_id"))
    return no_content()


# The second factor (TOTP) and step-up


@account_api.post("/me/second-factor")
def begin_second_factor():
    setup = identity().begin_totp_setup(bearer_token())
    return jsonify({"secret": setup.secret, "provisioning_uri": setup.provisioning_uri}), 201


@account_api.post("/me/second-factor/confirm")
def confirm_second_factor():
    token = bearer_token()
    body = parse_body(SecondFactorCodeBody)
    confirmed = identity().confirm_totp_setup(token, body.code)
    return jsonify({"recovery_codes": list(confirmed.recovery_codes),
                    "tokens": resources.token_pair(confirmed.tokens)})


@account_api.post("/me/step-up")
def step_up():
    token = bearer_token()
    body = parse_body(StepUpBody)
    return jsonify(resources.token_pair(identity().step_up(token, body.second_factor)))


# Erasure: the owner asks to be forgotten; the receipt follows the progress afterwards


@account_api.post("/me/erasure")
def request_erasure():
    token = bearer_token()
    body = parse_body(ErasureBody)
    if not body.confirm:
        raise Problem(400, "invalid-request", "Invalid request",
                      "erasure cannot be undone: send confirm: true to go ahead", field="confirm")
    return jsonify(erasure_json(identity().request_erasure(token, body.password))), 202


@account_api.get("/me/erasure")
def erasure_status():
    # Public: the account and its tokens are gone once erasure starts; the receipt is the credential.
    receipt = request.args.get("receipt", "")
    if not receipt:
        raise Problem(400, "invalid-request", "Invalid request", "receipt: the receipt from the erasure request",
                      field="receipt")
    if not _RECEIPT.match(receipt):
        raise Problem(404, "not-found", "Not found", "no erasure with that receipt", field="receipt")
    return jsonify(erasure_json(identity().erasure_status(receipt)))


# Deactivation by a tenant admin


@account_api.put("/accounts/<account_id>/active")
def set_account_active(account_id: str):
    token = bearer_token()
    body = parse_body(AccountActiveBody)
    account = identity().set_account_active(token, _path_id(account_id, "account_id"), body.active)
    return jsonify(resources.account(account))
