"""The report: Markdown for people, JSON for tools, and the summary table on the console."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from pathlib import Path

SECTIONS = ("Machine", "Server settings", "Summary", "Baselines", "Scenarios", "Mixed day", "Resources",
            "Query plans", "Notes", "How to read this report")
SCALE_SECTIONS = ("Machine", "Server settings", "Latency by size", "Query plans", "Resources", "Notes",
                  "How to read this report")


def _ms(value) -> str:
    return "–" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:,.1f}"


def _rps(value) -> str:
    return "–" if value is None else f"{value:,.0f}" if value >= 100 else f"{value:,.1f}"


def _pct(part, whole) -> str:
    return "–" if not whole or part is None else f"{100 * part / whole:.0f} %"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return lines


def summary_rows(report: dict) -> list[list[str]]:
    flask = report["baselines"][0]["throughput_rps"] if report["baselines"] else None
    echo = report["baselines"][1]["throughput_rps"] if len(report["baselines"]) > 1 else None
    rows = []
    for b in report["baselines"]:
        o = b["overall"]
        rows.append([f"baseline: {b['name']}", _rps(b["throughput_rps"]), _ms(o["p50_ms"]), _ms(o["p95_ms"]),
                     _ms(o["p99_ms"]), str(b["errors"]), _pct(b["throughput_rps"], flask), _pct(b["throughput_rps"], echo)])
    labels = {"thread read": "1. thread page read (50 posts)", "reply": "2. forum reply",
              "message": "3. message sent + read", "login": "4. login + refresh"}
    for key, label in labels.items():
        s = report["scenarios"].get(key)
        if s is None:
            rows.append([label, "not available", "", "", "", "", "", ""])
            continue
        o = s["overall"]
        rows.append([label, _rps(s["throughput_rps"]), _ms(o["p50_ms"]), _ms(o["p95_ms"]), _ms(o["p99_ms"]),
                     str(s["errors"]), _pct(s["throughput_rps"], flask), _pct(s["throughput_rps"], echo)])
        for trace in s.get("traces", []):
            rows.append([f"   e2e: {trace['what']}", f"{trace['samples']} samples", _ms(trace["p50_ms"]),
                         _ms(trace["p95_ms"]), _ms(trace["p99_ms"]), str(trace["timeouts"] + trace["errors"]), "", ""])
    mixed = report["mixed_day"]
    best = mixed.get("highest_passing")
    if best:
        rows.append([f"5. mixed day at {_rps(best['offered_rps'])} req/s offered (highest with p99 <= "
                     f"{mixed['p99_target_ms']:.0f} ms)", _rps(best["achieved_rps"]), _ms(best["p50_ms"]),
                     _ms(best["p95_ms"]), _ms(best["p99_ms"]), str(best["errors"]), _pct(best["achieved_rps"], flask),
                     _pct(best["achieved_rps"], echo)])
        for trace in best.get("traces", []):
            rows.append([f"   e2e at that rate: {trace['what']}", f"{trace['samples']} samples", _ms(trace["p50_ms"]),
                         _ms(trace["p95_ms"]), _ms(trace["p99_ms"]), str(trace["timeouts"] + trace["errors"]), "", ""])
    else:
        first = mixed["steps"][0] if mixed["steps"] else None
        rows.append(["5. mixed day: no step kept p99 under target", _rps(first["achieved_rps"]) if first else "–",
                     _ms(first["p50_ms"]) if first else "", _ms(first["p95_ms"]) if first else "",
                     _ms(first["p99_ms"]) if first else "", str(first["errors"]) if first else "", "", ""])
    return rows


SCENARIO_TITLES = {"thread read": "1. forum thread page read (50 posts)", "reply": "2. forum reply posted",
                   "message": "3. secure message sent and read by the recipient", "login": "4. login with refresh"}
SUMMARY_HEADER = ["scenario", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "of bare Flask", "of Flask->gRPC"]


def console_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    def line(r):
        return "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
    return "\n".join([line(header), "  ".join("-" * w for w in widths), *(line(r) for r in rows)])


def _machine(report: dict) -> list[str]:
    m = report["machine"]
    return ["## Machine", "",
            *_table(["", ""], [["CPU", f"{m['nproc']} × {m['cpu_model']}"], ["memory", f"{m['memory_mb']:,} MB"],
                               ["Python", m["python"]], ["platform", m["platform"]],
                               ["load average at start (1/5/15 min)", " / ".join(str(x) for x in m["load_average_at_start"])],
                               ["database", report["database"]], ["commit", m.get("commit") or "–"],
                               ["date", report["date"]]]), ""]


def _server(report: dict) -> list[str]:
    return ["## Server settings", "", *_table(["what", "setting"], [[k, v] for k, v in report["server"].items()]), ""]


def _plans(plans: list[dict]) -> list[str]:
    out = []
    for plan in plans:
        flag = " — **full scan**" if plan["full_scan"] else ""
        out += [f"**{plan['query']}**{flag}", "", "```", *plan["plan"], "```", ""]
    return out


def _resources(report: dict, cpu_by_scenario: list[tuple[str, dict, int]]) -> list[str]:
    names = list(report["resources"]["peak_rss_mb"])
    header = ["process", "peak RSS MB", *[f"CPU s / 1k req: {label}" for label, _, _ in cpu_by_scenario]]
    rows = []
    for name in names:
        row = [name, _ms(report["resources"]["peak_rss_mb"][name])]
        for _label, cpu, requests in cpu_by_scenario:
            used = cpu.get(name)
            row.append("–" if used is None or not requests else f"{1000 * used / requests:.2f}")
        rows.append(row)
    return _table(header, rows)


HOW_TO_READ = """\
- **req/s** is completed HTTP requests per second in the measured window (after a warm-up), counting
  errors; **p50/p95/p99** are latencies of the successful requests, measured by the load generator from
  sending the request to the last byte of the answer (in the mixed day: from the *scheduled* arrival, so
  waiting for a free connection counts).
- **of bare Flask / of Flask->gRPC** put a scenario's throughput next to the two ceilings measured in the
  same run with the gateway's gunicorn settings: a Flask endpoint that does nothing, and one that makes a
  single trivial gRPC call. A scenario that makes *n* gRPC calls per request (token check, identity's
  name lookup, the database) cannot come near either; the gap is what the work itself costs.
- **e2e** rows are end-to-end times measured alongside the load by one tracer: from sending a reply (or
  message) until the person it concerns finds the notification in their feed (`GET /api/v1/notifications`,
  polled every 20 ms): outbox commit, relay, JetStream, messaging's consumer, its commit. Under a
  saturating closed-loop scenario (2, 3) the tracer's own requests queue behind the load, so those rows
  have few samples and mostly show the queue; the rows under the mixed day ("at that rate") are measured
  at the highest rate the stack sustained and show the pipeline itself.
- **Mixed day** is an open loop: requests arrive at a fixed rate whatever the answers do. The rate steps up
  from a fraction of the capacity estimated from scenarios 1-3; the run stops at the first step whose p99
  exceeds the target (or with more than 1 % errors). The highest passing step is the capacity figure.
- **CPU s / 1k req** is CPU time (user+system, children included: the gateway's gunicorn workers) per
  thousand requests of that scenario; **peak RSS** is VmHWM over the whole run, summed over a process
  and its children. The load generator runs on the same machine and its CPU is listed too: on a
  2-core machine it competes with the servers, so every figure here is a floor, not a ceiling.
- Compare runs only on the same machine and settings; other work on the machine (see the load
  average) moves every number.
"""


def bench_markdown(report: dict) -> str:
    p = report["profile"]
    lines = [f"# ReConnect benchmark — {p['name']} run", "",
             f"Region: {report['region']['forum_rows']['posts']:,} forum posts in "
             f"{report['region']['forum_rows']['threads']:,} threads; {report['region']['members']} members reading "
             f"and writing; {p['concurrency']} virtual users per closed-loop scenario, {p['duration']:g} s measured "
             f"after {p['warmup']:g} s warm-up. Whole run: {report['seconds']['total']:.0f} s.", ""]
    lines += _machine(report) + _server(report)
    lines += ["## Summary", "", *_table(SUMMARY_HEADER, summary_rows(report)), ""]
    lines += ["## Baselines", "",
              "Started by the bench itself with the gateway's gunicorn settings (`bench/baseline_servers.py`); "
              "nothing is added to the real gateway.", ""]
    lines += _table(["baseline", "req/s", "p50 ms", "p99 ms", "errors"],
                    [[b["name"], _rps(b["throughput_rps"]), _ms(b["overall"]["p50_ms"]), _ms(b["overall"]["p99_ms"]),
                      str(b["errors"])] for b in report["baselines"]]) + [""]
    lines += ["## Scenarios", ""]
    for key, s in report["scenarios"].items():
        if s is None:
            lines += [f"### {SCENARIO_TITLES.get(key, key)}", "", "Not available: the gateway does not serve the messaging routes "
                      "(`/api/v1/conversations…`) in this build.", ""]
            continue
        lines += [f"### {s['name']}", ""]
        lines += _table(["request", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors", "statuses"],
                        [[o["op"], _rps(o["throughput_rps"]), _ms(o["p50_ms"]), _ms(o["p95_ms"]), _ms(o["p99_ms"]),
                          _ms(o["max_ms"]), str(o["errors"]), ", ".join(f"{k}: {v}" for k, v in o["statuses"].items())]
                         for o in s["ops"]])
        for trace in s.get("traces", []):
            lines += ["", f"End to end, {trace['what']}: {trace['samples']} samples, p50 {_ms(trace['p50_ms'])} ms, "
                          f"p95 {_ms(trace['p95_ms'])} ms, p99 {_ms(trace['p99_ms'])} ms, max {_ms(trace['max_ms'])} ms, "
                          f"{trace['timeouts']} not seen within 15 s, {trace['errors']} failed sends."]
        lines.append("")
    mixed = report["mixed_day"]
    lines += ["## Mixed day", "",
              "Mix: " + ", ".join(f"{100 * m['share']:.0f} % {m['op']}" for m in mixed["mix"]) + ".",
              f"Estimated capacity from scenarios 1-3: {mixed['estimated_capacity_rps']:,.1f} req/s. "
              f"Target: p99 ≤ {mixed['p99_target_ms']:.0f} ms and ≤ {100 * mixed['max_error_rate']:.0f} % errors.", ""]
    lines += _table(["offered req/s", "achieved req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "result"],
                    [[_rps(s["offered_rps"]), _rps(s["achieved_rps"]), _ms(s["p50_ms"]), _ms(s["p95_ms"]),
                      _ms(s["p99_ms"]), str(s["errors"]), "ok" if s["passed"] else "**over target: stop**"]
                     for s in mixed["steps"]])
    best = mixed.get("highest_passing")
    lines += ["", f"**Highest offered rate that kept p99 ≤ {mixed['p99_target_ms']:.0f} ms: "
                  f"{_rps(best['offered_rps']) + ' req/s' if best else 'none of the steps'}**", ""]
    if best:
        lines += ["At that rate, by request:", ""]
        lines += _table(["request", "req/s", "p50 ms", "p99 ms", "errors"],
                        [[o["op"], _rps(o["throughput_rps"]), _ms(o["p50_ms"]), _ms(o["p99_ms"]), str(o["errors"])]
                         for o in best["ops"]]) + [""]
        for trace in best.get("traces", []):
            lines += [f"End to end at that rate, {trace['what']}: {trace['samples']} samples, p50 {_ms(trace['p50_ms'])} ms, "
                      f"p95 {_ms(trace['p95_ms'])} ms, p99 {_ms(trace['p99_ms'])} ms, max {_ms(trace['max_ms'])} ms, "
                      f"{trace['timeouts']} not seen within 15 s, {trace['errors']} failed sends.", ""]
    cpu_by = [(f"baseline {b['name'].split(' (')[0]}", b["cpu_seconds"], b["requests"]) for b in report["baselines"]]
    cpu_by += [(key, s["cpu_seconds"], s["requests"]) for key, s in report["scenarios"].items() if s]
    if best:
        cpu_by.append(("mixed day", best["cpu_seconds"], best["requests"]))
    res = dict(report["resources"])
    for b in report["baselines"]:  # the baseline servers' own peaks
        res["peak_rss_mb"] = {**res["peak_rss_mb"], **b.get("extra", {}).get("peak_rss_mb", {})}
    lines += ["## Resources", "", "Processes per name (the gateway counts its gunicorn workers): "
              + ", ".join(f"{k}: {v}" for k, v in report["resources"]["processes"].items()) + ".", ""]
    lines += _resources({"resources": res}, cpu_by) + [""]
    lines += ["## Query plans", "",
              f"On the forum's database with {report['region']['forum_rows']['posts']:,} posts, for the queries "
              "behind the thread page and the thread list (`bench/plans.py` builds them from the same expressions "
              "as `services/forum/domain.py`).", ""]
    lines += _plans(report["query_plans"])
    lines += ["## Notes", ""] + [f"- {n}" for n in report["notes"] or ["none"]]
    lines += ["- Every thread page read is also a write in the forum (view count, a visit row for the study's "
              "figures, the reader's read state) and so, on SQLite, a write transaction with fsync.", ""]
    lines += ["## How to read this report", "", HOW_TO_READ]
    return "\n".join(lines)


def scale_markdown(report: dict) -> str:
    sizes = ", ".join(f"{r['size']:,}" for r in report["sizes"])
    lines = ["# ReConnect scaling benchmark", "",
             f"The thread page read, reply and thread list scenarios on regions of "
             f"{sizes} forum posts (bulk rows written straight into "
             "the forum's database in the service's own shapes, open threads, full-text index included). "
             f"Whole run: {report['seconds']['total']:.0f} s.", ""]
    lines += _machine(report) + _server(report)
    lines += ["## Latency by size", ""]
    header = ["posts", "threads", "db MB", "load s"]
    keys = (("thread read", "read"), ("reply", "reply"), ("thread list", "list"))
    for _, short in keys:
        header += [f"{short} req/s", f"{short} p50", f"{short} p99"]
    rows = []
    for r in report["sizes"]:
        row = [f"{r['forum_rows']['posts']:,}", f"{r['forum_rows']['threads']:,}",
               _ms(r.get("db_file_mb")), f"{r['load']['seconds']:.1f}"]
        for key, _ in keys:
            o = r["scenarios"][key]["overall"]
            row += [_rps(r["scenarios"][key]["throughput_rps"]), _ms(o["p50_ms"]), _ms(o["p99_ms"])]
        rows.append(row)
    lines += _table(header, rows) + [""]
    if len(report["sizes"]) > 1:
        first, last = report["sizes"][0], report["sizes"][-1]
        changes = []
        for key, short in keys:
            a, b = first["scenarios"][key]["overall"], last["scenarios"][key]["overall"]
            changes.append(f"{short}: p50 ×{b['p50_ms'] / a['p50_ms']:.2f}, p99 ×{b['p99_ms'] / a['p99_ms']:.2f}")
        lines += [f"From {first['size']:,} to {last['size']:,} posts: " + "; ".join(changes) + ".", ""]
    errors = sum(r["scenarios"][k]["errors"] for r in report["sizes"] for k, _ in keys)
    lines += [f"Errors over all sizes: {errors}.", ""]
    lines += ["## Query plans", ""]
    for r in report["sizes"]:
        lines += [f"### {r['forum_rows']['posts']:,} posts", ""] + _plans(r["query_plans"])
    lines += ["## Resources", "", *_table(["process", "peak RSS MB"],
                                          [[k, _ms(v)] for k, v in report["resources"]["peak_rss_mb"].items()]), ""]
    lines += ["## Notes", ""] + [f"- {n}" for n in report["notes"] or ["none"]] + [""]
    lines += ["## How to read this report", "",
              "- Each size is measured on the same running stack after loading the posts that were missing; the "
              "thread read is a thread of 50 posts, the list is the first page of the category with most threads.",
              "- A flat p50/p99 across sizes means the hot queries use their indexes (see the plans: `SEARCH … USING "
              "INDEX`, never `SCAN posts`). Growth shows up first in p99 and in the reply (the full-text index grows).",
              ""]
    return "\n".join(lines)


def write(report: dict, results_dir: Path, stem: str, baseline_path: Path | None = None) -> dict[str, Path]:
    results_dir.mkdir(parents=True, exist_ok=True)
    markdown = scale_markdown(report) if report["kind"] == "scale" else bench_markdown(report)
    md_path = results_dir / f"{stem}.md"
    json_path = results_dir / f"{stem}.json"
    md_path.write_text(markdown)
    json_path.write_text(json.dumps(report, indent=2, default=str, allow_nan=True))
    latest = "latest-scale" if report["kind"] == "scale" else "latest"
    (results_dir / f"{latest}.md").write_text(markdown)
    (results_dir / f"{latest}.json").write_text(json_path.read_text())
    written = {"markdown": md_path, "json": json_path}
    if baseline_path is not None and not baseline_path.exists():
        baseline_path.write_text(markdown)
        written["baseline"] = baseline_path
    return written


def stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def now_text() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
