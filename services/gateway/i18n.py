"""Languages: Norwegian bokmål by default (or the tenant's locale), English on request."""

from __future__ import annotations

from flask import session

from services.gateway.tenancy import current_tenant

LANGUAGES = {"nb": "Norsk (bokmål)", "en": "English"}
DEFAULT_LANGUAGE = "nb"


def select_locale() -> str:
    chosen = session.get("lang")
    if chosen in LANGUAGES:
        return chosen
    try:
        tenant = current_tenant()
    except Exception:  # identity unreachable: still render the error page in a language
        tenant = None
    if tenant is not None and tenant.locale in LANGUAGES:
        return tenant.locale
    return DEFAULT_LANGUAGE
