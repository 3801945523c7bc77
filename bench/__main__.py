"""``python -m bench``: benchmark ReConnect through the gateway's public API.

    python -m bench                 the full run (make bench): < 10 minutes on 2 cores
    python -m bench --quick         a short run (make bench-quick): < 2 minutes
    python -m bench scale           thread read and reply on 10k, 100k and 1M posts (make bench-scale)
    python -m bench scale --sizes 10000

Starts the stack the way ``make run`` does (embedded NATS, SQLite; PostgreSQL when
RECONNECT_BENCH_DATABASE_URL is set), seeds the demo region and the bench's own region,
drives load with an asyncio HTTP/1.1 keep-alive client, prints a summary table and writes
``bench/results/<time>-<mode>.md`` and ``.json`` (and ``latest.md``). The first full run
also writes ``bench/results/baseline.md``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from dataclasses import replace
from pathlib import Path

from bench import report as reports
from bench.run import PROFILES, Settings, main_bench, scale_bench

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def _settings(args: argparse.Namespace, profile_name: str) -> Settings:
    profile = PROFILES[profile_name]
    overrides = {k: v for k, v in (("posts", args.posts), ("duration", args.duration),
                                   ("concurrency", args.concurrency)) if v is not None}
    profile = replace(profile, **overrides)
    return Settings(
        profile=profile, results_dir=Path(args.results), database_url=os.environ.get("RECONNECT_BENCH_DATABASE_URL", ""),
        var_dir=Path(args.var) if args.var else None, workers=args.workers, threads=args.threads,
        log_level=args.log_level,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", nargs="?", choices=["run", "scale"], default="run")
    parser.add_argument("--quick", action="store_true", help="the short run (make bench-quick)")
    parser.add_argument("--sizes", default="10000,100000,1000000", help="scale: forum posts per size, comma-separated")
    parser.add_argument("--posts", type=int, help="bulk posts in the region (full: 10,000; quick: 2,000)")
    parser.add_argument("--duration", type=float, help="seconds measured per closed-loop scenario")
    parser.add_argument("--concurrency", type=int, help="virtual users per closed-loop scenario (default 16)")
    parser.add_argument("--workers", type=int, help="gateway gunicorn workers (default: the gateway's, 2)")
    parser.add_argument("--threads", type=int, help="gateway threads per worker (default: the gateway's, 8)")
    parser.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    parser.add_argument("--var", help="where the stack keeps data and logs (default: a temporary folder)")
    parser.add_argument("--results", default=str(RESULTS), help="where reports go (default bench/results)")
    parser.add_argument("--no-baseline", action="store_true", help="never write bench/results/baseline.md")
    args = parser.parse_args(argv)

    if args.command == "scale":
        settings = _settings(args, "quick" if args.quick else "full")
        if args.duration is None:
            settings = replace(settings, profile=replace(settings.profile, duration=8 if not args.quick else 3))
        sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
        result = asyncio.run(scale_bench(settings, sizes))
        result["date"] = reports.now_text()
        written = reports.write(result, settings.results_dir, f"{reports.stamp()}-scale")
        rows = [[f"{r['forum_rows']['posts']:,}", *[f"{r['scenarios'][k]['overall'][q]:.1f}" for k in
                 ("thread read", "reply", "thread list") for q in ("p50_ms", "p99_ms")]] for r in result["sizes"]]
        print()
        print(reports.console_table(["posts", "read p50", "read p99", "reply p50", "reply p99", "list p50", "list p99"],
                                    rows))
    else:
        profile = "quick" if args.quick else "full"
        settings = _settings(args, profile)
        result = asyncio.run(main_bench(settings))
        result["date"] = reports.now_text()
        baseline = None if (args.no_baseline or profile != "full" or args.results != str(RESULTS)) \
            else RESULTS / "baseline.md"
        written = reports.write(result, settings.results_dir, f"{reports.stamp()}-{profile}", baseline)
        print()
        print(reports.console_table(reports.SUMMARY_HEADER, reports.summary_rows(result)))
    print()
    for what, path in written.items():
        print(f"{what}: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
