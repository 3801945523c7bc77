"""The bench's own ceilings, started as subprocesses with the gateway's gunicorn settings.

    python -m bench.baseline_servers echo  --port P             a gRPC unary echo server
    python -m bench.baseline_servers flask --port P --workers W --threads T [--echo 127.0.0.1:Q]

``GET /ping`` answers a small JSON document (bare Flask under gunicorn gthread);
``GET /echo`` makes one unary gRPC call to the echo server on a channel created after the
fork, once per worker, and reused (the same pattern as the gateway's kit client) and
answers its reply as JSON: the ceiling for one Flask -> gRPC hop. Nothing here is part
of the product; the gateway gets no bench route.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from concurrent import futures

import grpc

ECHO_METHOD = "/reconnect.bench.Echo/Echo"


def _identity(data: bytes) -> bytes:
    return data


def serve_echo(port: int, threads: int) -> int:
    handler = grpc.method_handlers_generic_handler(
        "reconnect.bench.Echo",
        {"Echo": grpc.unary_unary_rpc_method_handler(lambda request, _ctx: request,
                                                     request_deserializer=_identity, response_serializer=_identity)},
    )
    # The same pool size as the services' gRPC servers (services/kit/server.py).
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=threads), options=[("grpc.so_reuseport", 0)])
    server.add_generic_rpc_handlers((handler,))
    server.add_insecure_port(f"127.0.0.1:{port}")
    server.start()
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    signal.signal(signal.SIGINT, lambda *_: stopped.set())
    stopped.wait()
    server.stop(1).wait()
    return 0


_channel: grpc.Channel | None = None
_lock = threading.Lock()


def _echo_call(address: str):
    global _channel
    with _lock:
        if _channel is None:
            _channel = grpc.insecure_channel(address, options=[("grpc.keepalive_time_ms", 30_000)])
        return _channel.unary_unary(ECHO_METHOD, request_serializer=_identity, response_deserializer=_identity)


def _post_fork(_server, _worker) -> None:
    global _channel
    _channel = None  # never use a channel inherited across fork


def make_app(echo_address: str):
    from flask import Flask, jsonify

    app = Flask("bench-baseline")

    @app.get("/ping")
    def ping():
        return jsonify({"status": "ok"})

    @app.get("/echo")
    def echo():
        reply = _echo_call(echo_address)(b"ping", timeout=5)
        return jsonify({"echo": reply.decode()})

    return app


def serve_flask(port: int, workers: int, threads: int, echo_address: str) -> int:
    from gunicorn.app.base import BaseApplication

    class App(BaseApplication):
        def load_config(self):
            # The gateway's settings (services/gateway/__main__.py), minus its hooks.
            for key, value in {
                "bind": [f"127.0.0.1:{port}"], "workers": workers, "worker_class": "gthread", "threads": threads,
                "post_fork": _post_fork, "accesslog": None, "errorlog": "-", "loglevel": "warning",
                "graceful_timeout": 5, "timeout": 30, "proc_name": "reconnect-bench-baseline",
                "control_socket_disable": True,
            }.items():
                self.cfg.set(key, value)

        def load(self):
            return make_app(echo_address)

    App().run()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.baseline_servers")
    sub = parser.add_subparsers(dest="what", required=True)
    echo = sub.add_parser("echo")
    echo.add_argument("--port", type=int, required=True)
    echo.add_argument("--threads", type=int, default=16)
    flask = sub.add_parser("flask")
    flask.add_argument("--port", type=int, required=True)
    flask.add_argument("--workers", type=int, required=True)
    flask.add_argument("--threads", type=int, required=True)
    flask.add_argument("--echo", default="127.0.0.1:1")
    args = parser.parse_args(argv)
    if args.what == "echo":
        return serve_echo(args.port, args.threads)
    return serve_flask(args.port, args.workers, args.threads, args.echo)


if __name__ == "__main__":
    sys.exit(main())
