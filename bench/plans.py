"""Query plans of the forum's hot reads, built from the same SQLAlchemy expressions as
``services/forum/domain.py`` (``Forum.get_thread``, ``Forum._post_views`` and
``Forum.list_threads``) and explained on the forum's own database: EXPLAIN QUERY PLAN on
SQLite, EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import sqlalchemy
from sqlalchemy import and_, func, or_, select

from services.forum.store import Post, Reaction, ReadState, Thread

PAGE = 20  # the forum's default page


def _queries(thread_id: str, category_id: str, post_ids: list[str], account_id: str) -> list[tuple[str, object]]:
    no_circles: list[str] = []
    thread_filter = or_(Thread.circle_id.is_(None), Thread.circle_id.in_(no_circles))
    listing = select(Thread).where(Thread.category_id == category_id, thread_filter)
    cursor_time = datetime.now(UTC)
    later = or_(Thread.last_post_at < cursor_time, and_(Thread.last_post_at == cursor_time, Thread.id < "ffff"))
    return [
        ("thread page: posts (GET /forum/threads/<id>, page_size=50)",
         select(Post).where(Post.thread_id == thread_id, Post.seq > 0).order_by(Post.seq).limit(51)),
        ("thread page: reaction counts for the page's posts",
         select(Reaction.post_id, Reaction.kind, func.count()).where(Reaction.post_id.in_(post_ids))
         .group_by(Reaction.post_id, Reaction.kind)),
        ("thread page: the reader's read state", select(ReadState).where(
            ReadState.account_id == account_id, ReadState.thread_id == thread_id)),
        ("thread list: first page (GET /forum/categories/<id>/threads)",
         listing.order_by(Thread.pinned.desc(), Thread.last_post_at.desc(), Thread.id.desc()).limit(PAGE + 1)),
        ("thread list: a later page (cursor after an unpinned thread)",
         listing.where(Thread.pinned.is_(False), later)
         .order_by(Thread.pinned.desc(), Thread.last_post_at.desc(), Thread.id.desc()).limit(PAGE + 1)),
    ]


def explain(database_url: str, thread_id: str, category_id: str, account_id: str) -> list[dict]:
    engine = sqlalchemy.create_engine(database_url)
    postgres = engine.dialect.name == "postgresql"
    results = []
    try:
        with engine.connect() as db:
            post_ids = list(db.execute(select(Post.id).where(Post.thread_id == thread_id).limit(50)).scalars())
            for title, statement in _queries(thread_id, category_id, post_ids or ["none"], account_id):
                compiled = statement.compile(dialect=engine.dialect, compile_kwargs={"render_postcompile": True})
                sql = str(compiled)
                params = compiled.params
                if postgres:
                    rows = db.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql, params).all()
                    plan = [r[0] for r in rows]
                else:
                    positional = tuple(params[name] for name in compiled.positiontup)
                    positional = tuple(v.isoformat(" ") if isinstance(v, datetime) else v for v in positional)
                    rows = db.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, positional).all()
                    depth: dict[int, int] = {}
                    plan = []
                    for node, parent, _unused, detail in rows:
                        depth[node] = depth.get(parent, -1) + 1
                        plan.append("  " * depth[node] + detail)
                results.append({"query": title, "sql": " ".join(sql.split()), "plan": plan,
                                "full_scan": _full_scan(plan, postgres)})
    finally:
        engine.dispose()
    return results


def _full_scan(plan: list[str], postgres: bool) -> bool:
    if postgres:
        return any("Seq Scan on posts" in line or "Seq Scan on threads" in line for line in plan)
    # "SCAN posts" without an index is a full table scan; "SEARCH ... USING INDEX" is not, nor is
    # "SCAN (subquery-1)" / "SCAN CONSTANT ROW" (SQLAlchemy's rendering of an empty IN list).
    return any(re.match(r"SCAN (posts|threads|reactions|read_state|thread_visits)\b", line.strip())
               and "USING" not in line for line in plan)
