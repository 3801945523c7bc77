"""The forum part of the personal data export: the caller's own writing, closed threads
opened for their author, and nothing anyone else wrote."""

from __future__ import annotations

import json
import uuid

import grpc

from reconnect.forum.v1 import forum_pb2 as fpb
from tests.conftest import rpc_error
from tests.forum.test_circles import make_circle


def test_the_export_holds_own_posts_with_closed_threads_opened_and_no_one_elses(forum):
    mark = uuid.uuid4().hex[:8]
    circle = make_circle(forum, "nora", "siri")
    closed = forum.thread("nora", category="mestring", title=f"Lukket {mark}", body=f"Hemmelig {mark}", circle_id=circle)
    forum.reply("siri", closed.thread.id, f"Siris svar {mark}")
    open_thread = forum.thread("siri", title=f"Åpen {mark}", body=f"Siri skriver {mark}")
    forum.reply("nora", open_thread.thread.id, f"Noras svar {mark}")

    document = json.loads(forum.stub.Export(fpb.ExportRequest(), metadata=forum.as_("nora")).json)
    bodies = {p["body"] for p in document["posts"]}
    assert {f"Hemmelig {mark}", f"Noras svar {mark}"} <= bodies
    assert f"Lukket {mark}" in [t["title"] for t in document["threads_started"]]
    assert [p["closed_thread"] for p in document["posts"] if p["body"] == f"Hemmelig {mark}"] == [True]
    text = json.dumps(document, ensure_ascii=False)
    assert f"Siris svar {mark}" not in text and f"Siri skriver {mark}" not in text

    theirs = forum.stub.Export(fpb.ExportRequest(), metadata=forum.as_("nils")).json
    assert mark not in theirs
    assert rpc_error(forum.stub.Export, fpb.ExportRequest()).code() == grpc.StatusCode.UNAUTHENTICATED
