"""``reconnect``: run ReConnect on this machine.

    reconnect up        start everything, seed the demo region, wait for Ctrl-C
    reconnect seed      seed the demo region into a running stack (idempotent)
    reconnect status    health of a running stack
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import urllib.request
from pathlib import Path

from reconnect_stack.seed import DEMO_ACCOUNTS, DEMO_PASSWORD, seed
from reconnect_stack.stack import ROOT, SERVICES, RunningService, Stack
from services.kit.client import is_serving


def _print_welcome(stack: Stack) -> None:
    port = stack.gateway_port
    print()
    print("ReConnect is running.")
    print(f"  Portal:   http://nordvik.localhost:{port}/   http://sorby.localhost:{port}/")
    print(f"            (or http://127.0.0.1:{port}/ to choose a municipality)")
    print(f"  API:      http://127.0.0.1:{port}/api/v1  (header X-Tenant: nordvik)  docs: /api/openapi.json")
    print(f"  Logs:     {stack.logs_dir}")
    print(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
    for account in DEMO_ACCOUNTS:
        print(f"  {account['tenant']:8} {account['username']:14} {', '.join(account['roles'])}")
    print("\nPress Ctrl-C to stop.")


def up(args: argparse.Namespace) -> int:
    stack = Stack(var_dir=Path(args.var), gateway_port=args.port)
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    try:
        print("Starting nats-server and the services ...", flush=True)
        stack.start()
        if not args.no_seed:
            summary = seed(stack)
            print(f"Demo data: {json.dumps(summary)}")
        _print_welcome(stack)
        while not stopping.wait(1):
            for name, running in stack.services.items():
                if running.process and running.process.poll() is not None:
                    print(f"{name} stopped unexpectedly (exit {running.process.returncode}); see its log.")
                    stopping.set()
    finally:
        print("\nStopping ...", flush=True)
        stack.stop()
        print("Stopped.")
    return 0


def _state(var: str) -> dict | None:
    path = Path(var) / "stack.json"
    return json.loads(path.read_text()) if path.exists() else None


def status(args: argparse.Namespace) -> int:
    state = _state(args.var)
    if state is None:
        print("not running (no var/stack.json); start it with `make run`")
        return 1
    healthy = True
    for name, info in state["services"].items():
        serving = is_serving(info["address"])
        healthy &= serving
        print(f"{name:10} {info['address']:22} {'SERVING' if serving else 'NOT SERVING'}")
    try:
        with urllib.request.urlopen(state["gateway_url"] + "/readyz", timeout=2) as response:
            ready = response.status == 200
    except OSError:
        ready = False
    healthy &= ready
    print(f"{'gateway':10} {state['gateway_url']:22} {'READY' if ready else 'NOT READY'}")
    print(f"{'nats':10} {state['nats_url']}")
    return 0 if healthy else 1


def seed_command(args: argparse.Namespace) -> int:
    state = _state(args.var)
    if state is None:
        print("not running; start it with `make run` (which seeds by itself)")
        return 1
    stack = Stack(var_dir=Path(args.var))
    for spec in SERVICES:
        host, port = state["services"][spec.name]["address"].rsplit(":", 1)
        stack.services[spec.name] = RunningService(spec, int(port), state["services"][spec.name]["metrics_port"])
    stack.nats = None
    print(json.dumps(seed(stack)))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="reconnect", description="Run ReConnect on this machine.")
    parser.add_argument("--var", default=str(ROOT / "var"), help="where data, keys and logs live (default: var/)")
    commands = parser.add_subparsers(dest="command", required=True)
    up_parser = commands.add_parser("up", help="start everything and seed the demo region")
    up_parser.add_argument("--port", type=int, default=8080, help="the gateway's port (default 8080)")
    up_parser.add_argument("--no-seed", action="store_true", help="do not seed the demo region")
    up_parser.set_defaults(handler=up)
    commands.add_parser("status", help="health of a running stack").set_defaults(handler=status)
    commands.add_parser("seed", help="seed the demo region into a running stack").set_defaults(handler=seed_command)
    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
