"""Serve the gateway with gunicorn (gthread workers): ``python -m services.gateway``.

Settings come from ``RECONNECT_*`` variables. gRPC channels are not fork-safe, so each
worker forgets any inherited channel right after the fork and opens its own on first use.
Login-throttle counters and metrics are shared by the workers of this process tree
through files in a private temporary directory.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile

from gunicorn.app.base import BaseApplication

# Nothing imported here may import prometheus_client: it reads PROMETHEUS_MULTIPROC_DIR
# once, at import, and main() sets that variable first.
from services.gateway.settings import GatewaySettings
from services.gateway.throttle import prepare_store
from services.kit import logs
from services.kit.config import ConfigError, load

log = logging.getLogger("services.gateway")


def _post_fork(_server, _worker) -> None:
    from services.kit import client

    client.reset_channels()


def _child_exit(_server, worker) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


class GatewayServer(BaseApplication):
    def __init__(self, settings: GatewaySettings):
        self.settings = settings
        super().__init__()

    def load_config(self) -> None:
        s = self.settings
        for key, value in {
            "bind": [f"{s.http_host}:{s.http_port}"],
            "workers": s.workers,
            "worker_class": "gthread",
            "threads": s.threads,
            "post_fork": _post_fork,
            "child_exit": _child_exit,
            "accesslog": None,  # the app logs each request itself, without paths or queries
            "errorlog": "-",
            "loglevel": s.log_level.lower(),
            "graceful_timeout": 10,
            "timeout": 30,
            # gunicorn's most: long page tokens and search terms fit; longer answers 414.
            "limit_request_line": 8190,
            "proc_name": "reconnect-gateway",
            # One shared control socket per user would collide between stacks on one machine.
            "control_socket_disable": True,
        }.items():
            self.cfg.set(key, value)

    def load(self):
        from services.gateway.app import create_app

        return create_app(self.settings)


def main() -> int:
    try:
        settings = load(GatewaySettings)
    except ConfigError as exc:
        print(f"gateway: configuration error: {exc}", file=sys.stderr)
        return 2
    logs.configure("gateway", settings.log_level)
    shared = tempfile.mkdtemp(prefix="reconnect-gateway-")
    try:
        if not settings.rate_limit_store:
            settings = settings.model_copy(update={"rate_limit_store": os.path.join(shared, "login-failures.sqlite")})
        prepare_store(settings.rate_limit_store)  # before the workers fork, so they only open it
        if settings.workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            metrics_dir = os.path.join(shared, "metrics")
            os.mkdir(metrics_dir)
            # Read by prometheus_client when a worker first creates a metric.
            os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir
        log.info("gateway_starting", extra={"bind": f"{settings.http_host}:{settings.http_port}",
                                            "workers": settings.workers})
        GatewayServer(settings).run()
    finally:
        shutil.rmtree(shared, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
