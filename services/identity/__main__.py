"""Run the identity service: ``python -m services.identity [serve|migrate|bootstrap|rotate-keys]``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from reconnect.identity.v1 import identity_pb2_grpc
from services.identity.api import PUBLIC_METHODS, SERVICE_NAME, IdentityApi
from services.identity.domain import IdentityService
from services.identity.settings import IdentitySettings
from services.identity.store import KIT
from services.kit.auth import KeySet
from services.kit.server import ServiceDefinition, ServiceRunner
from services.kit.service import Wiring, command_line

NAME = "identity"
MIGRATIONS = Path(__file__).parent / "migrations"


def build_service(settings: IdentitySettings) -> tuple[Wiring, IdentityService]:
    wiring = Wiring(NAME, settings, KIT)
    return wiring, IdentityService(wiring.db, wiring.cipher, wiring.outbox, settings)


def runner_for(wiring: Wiring, service: IdentityService) -> ServiceRunner:
    definition = ServiceDefinition(
        name=NAME,
        register=lambda server: identity_pb2_grpc.add_IdentityServiceServicer_to_server(IdentityApi(service), server),
        service_names=[SERVICE_NAME],
        public_methods=PUBLIC_METHODS,
    )
    # Identity verifies its own tokens against its own key set, without a network hop.
    return wiring.runner(definition, KeySet(service.published_keys, min_refetch_seconds=0),
                         consumers=service.lifecycle.consumers())


def build(settings: IdentitySettings) -> ServiceRunner:
    return runner_for(*build_service(settings))


def bootstrap(settings: IdentitySettings, argv: list[str]) -> int:
    """Create tenants and accounts from a JSON plan (stdin or a file); idempotent.

    {"tenants": [{"slug", "name", "locale", "time_zone", "hosts"}],
     "accounts": [{"tenant", "username", "password", "roles", "real_name"}]}
    """
    plan = json.loads(Path(argv[0]).read_text() if argv else sys.stdin.read())
    _wiring, service = build_service(settings)
    existing = {t.slug for t in service.list_tenants()}
    created_tenants = created_accounts = 0
    for tenant in plan.get("tenants", []):
        if tenant["slug"] not in existing:
            service.create_tenant(
                None, tenant["slug"], tenant["name"], tenant.get("locale", "nb"),
                tenant.get("time_zone", "Europe/Oslo"), tenant.get("hosts", []),
                password_login=tenant.get("password_login", True), min_acr=tenant.get("min_acr", ""),
            )
            created_tenants += 1
    for account in plan.get("accounts", []):
        created_accounts += service.bootstrap_account(
            account["tenant"], account["username"], account.get("password", ""), account["roles"],
            account.get("real_name", ""), account.get("national_id", ""),
        )
    print(json.dumps({"tenants_created": created_tenants, "accounts_created": created_accounts}))
    return 0


def rotate_keys(settings: IdentitySettings, argv: list[str]) -> int:
    _wiring, service = build_service(settings)
    print(json.dumps({"kid": service.rotate_signing_key()}))
    return 0


def main() -> int:
    return command_line(
        NAME, MIGRATIONS, build, settings_class=IdentitySettings,
        commands={"bootstrap": bootstrap, "rotate-keys": rotate_keys},
    )


if __name__ == "__main__":
    sys.exit(main())
