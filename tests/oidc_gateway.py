"""The gateway and identity with sign-in through OpenID providers, for the gateway's and
the browser's tests: real parts on loopback, nothing faked.

The session-wide ``stack`` has no OpenID provider configured and its people have no
national ID numbers; adding a provider there would change every other test's login page.
So these tests start their own identity (a real gRPC server in the test process, as
tests/identity does) with two providers, and the real gateway app served over HTTP on a
free loopback port (werkzeug's threaded server instead of gunicorn: the same app, and its
logs land in the test process, where a test can read them).

Nordvik allows only electronic ID and wants the highest assurance level; Sørby still
allows passwords and accepts the substantial level.
"""

from __future__ import annotations

import threading
import uuid

import grpc
from werkzeug.serving import WSGIRequestHandler, make_server

from reconnect.identity.v1 import identity_pb2_grpc
from services.gateway.app import create_app
from services.gateway.settings import GatewaySettings
from services.identity.__main__ import MIGRATIONS, build_service, runner_for
from services.identity.settings import IdentitySettings
from services.kit.client import wait_until_serving
from services.kit.config import load
from services.kit.db import migrate
from services.kit.natsserver import free_port
from tests.conftest import PASSWORD
from tests.oidc_provider import LoopbackProvider

NORA_NIN = "15076500565"  # a valid test number (Skatteetaten's synthetic ones follow the same rules)
CLIENT_SECRET = "loopback-client-secret-" + uuid.uuid4().hex


class QuietRequestHandler(WSGIRequestHandler):
    """No access log with paths and queries (a callback's query holds the code): the gateway
    under gunicorn has its access log off too and logs each request itself, without them."""

    def log_request(self, *_args, **_kwargs) -> None:
        pass


class OidcPortal:
    """Two providers (ID-porten-like for service users, HelseID-like for health providers),
    identity, and the gateway."""

    def __init__(self, database_url: str, nats_url: str, master_key: str):
        self.idporten = LoopbackProvider(client_id="reconnect").start()
        self.idporten.client_secret = CLIENT_SECRET
        self.helseid = LoopbackProvider(client_id="reconnect-helse").start()
        settings = load(
            IdentitySettings, database_url=database_url, nats_url=nats_url, grpc_port=0, metrics_port=0,
            master_key=master_key, environment="test", erasure_services="",
            oidc_providers=[
                {"name": "idporten", "issuer": self.idporten.issuer, "client_id": "reconnect", "roles": ["service_user"]},
                {"name": "helseid", "issuer": self.helseid.issuer, "client_id": "reconnect-helse",
                 "roles": ["health_provider"]},
            ],
        )
        migrate(settings.database_url, MIGRATIONS)
        self._wiring, service = build_service(settings)
        service.create_tenant(None, "nordvik", "Nordvik", "nb", "Europe/Oslo", [], password_login=False)
        service.create_tenant(None, "sorby", "Sørby", "nb", "Europe/Oslo", [], min_acr="idporten-loa-substantial")
        assert service.bootstrap_account("nordvik", "nora", PASSWORD, ["service_user"], "Nora Nordmann",
                                         national_id=NORA_NIN)
        assert service.bootstrap_account("sorby", "siri", PASSWORD, ["service_user"], "Siri Sørensen")
        self._runner = runner_for(self._wiring, service)
        port = self._runner.start()
        self.identity_address = f"127.0.0.1:{port}"
        wait_until_serving(self.identity_address, 30)
        self._channel = grpc.insecure_channel(self.identity_address)
        self.identity = identity_pb2_grpc.IdentityServiceStub(self._channel)
        nowhere = f"127.0.0.1:{free_port()}"  # the other services: not needed for signing in
        self.gateway_settings = GatewaySettings(
            secret_key="oidc-test-" + uuid.uuid4().hex + uuid.uuid4().hex, environment="test",
            identity_address=self.identity_address, forum_address=nowhere, messaging_address=nowhere,
            events_address=nowhere, toolbox_address=nowhere,
            oidc_clients=[{"provider": "idporten", "auth_method": "client_secret_post", "client_secret": CLIENT_SECRET}],
        )
        self.app = create_app(self.gateway_settings)
        self._http = make_server("127.0.0.1", 0, self.app, threaded=True,
                                 request_handler=QuietRequestHandler)
        self.port = self._http.server_port
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def well_behaved(self) -> None:
        for provider in (self.idporten, self.helseid):
            provider.mutate = ""
            provider.refuse = ""
            provider.person = {"pid": NORA_NIN, "acr": "idporten-loa-high"}

    def stop(self) -> None:
        self._http.shutdown()
        self._http.server_close()
        self._channel.close()
        self._runner.stop(grace=1)
        self.idporten.stop()
        self.helseid.stop()
