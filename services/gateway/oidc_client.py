"""The gateway as an OpenID Connect relying party: discovery, the authorization request
(code flow with PKCE S256, ``state`` and ``nonce``), the code exchange at the token
endpoint, and RP-initiated logout.

The gateway does not judge the ID token: identity validates it (signature, issuer,
audience, expiry, nonce and its replay, assurance level). The gateway only runs the
browser side and carries the token to identity. Nothing here logs a token, a code, a
secret or a claim.

The standard library's HTTP client is used on purpose: the gateway has no HTTP client
dependency, and these are a handful of small, bounded requests to configured hosts.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import re
import secrets
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

MAX_RESPONSE_BYTES = 256 * 1024
# What a host[:port] may hold to be written into a CSP header.
_ORIGIN_SAFE = re.compile(r"[A-Za-z0-9.\-]+(:[0-9]{1,5})?")


class ProviderUnavailable(Exception):
    """The provider could not be reached or answered nonsense (our side or theirs, not the person's)."""


class TokenRefused(Exception):
    """The token endpoint answered with an OAuth error (``invalid_grant``, ``invalid_client``, ...)."""

    def __init__(self, error: str):
        # Only the error code from RFC 6749's closed list; the description is free text from outside.
        super().__init__(error)
        self.error = error


@dataclass(frozen=True)
class ClientCredentials:
    """How the gateway authenticates at one provider's token endpoint."""

    client_id: str
    method: str = "none"  # client_secret_basic, client_secret_post or none (a public client: PKCE only)
    secret: str = ""

    def __repr__(self) -> str:  # never print the secret
        return f"ClientCredentials(client_id={self.client_id!r}, method={self.method!r})"


def pkce_pair() -> tuple[str, str]:
    """(code_verifier, S256 code_challenge) as RFC 7636 describes them."""
    verifier = secrets.token_urlsafe(48)  # 64 characters, within 43..128
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def _no_redirects() -> urllib.request.OpenerDirector:
    # A token endpoint that redirects is misconfigured; following it could send the code elsewhere.
    class Refuse(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *_args, **_kwargs):
            return None

    return urllib.request.build_opener(Refuse)


def _http_url(value: object) -> str:
    if not isinstance(value, str):
        raise ProviderUnavailable("discovery document lacks an endpoint")
    parsed = urllib.parse.urlsplit(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ProviderUnavailable("discovery document names a non-HTTP endpoint")
    return value


class OidcClient:
    """Discovery documents cached per issuer, requests bounded by a timeout."""

    def __init__(self, timeout_seconds: float = 5.0, discovery_ttl_seconds: float = 3600.0):
        self.timeout = timeout_seconds
        self.ttl = discovery_ttl_seconds
        self._lock = threading.Lock()
        self._documents: dict[str, tuple[float, dict]] = {}
        self._opener = _no_redirects()

    def _read_json(self, request: urllib.request.Request) -> tuple[int, dict]:
        try:
            try:
                with self._opener.open(request, timeout=self.timeout) as response:  # noqa: S310 - configured URL
                    status, body = response.status, response.read(MAX_RESPONSE_BYTES)
            except urllib.error.HTTPError as error:  # an answer all the same (400 invalid_grant, ...)
                status, body = error.code, error.read(MAX_RESPONSE_BYTES)
        except (OSError, ValueError, http.client.HTTPException) as error:
            raise ProviderUnavailable(type(error).__name__) from None
        try:
            document = json.loads(body)
        except ValueError:
            raise ProviderUnavailable("not JSON") from None
        if not isinstance(document, dict):
            raise ProviderUnavailable("not a JSON object")
        return status, document

    def discovery(self, issuer: str) -> dict:
        now = time.monotonic()
        with self._lock:
            cached = self._documents.get(issuer)
        if cached and cached[0] > now:
            return cached[1]
        url = _http_url(issuer.rstrip("/") + "/.well-known/openid-configuration")
        status, document = self._read_json(urllib.request.Request(url, headers={"Accept": "application/json"}))
        if status != 200:
            raise ProviderUnavailable(f"discovery answered {status}")
        # OpenID Connect Discovery 1.0 §4.3: the document must name the issuer it was fetched for.
        if document.get("issuer", "").rstrip("/") != issuer.rstrip("/"):
            raise ProviderUnavailable("discovery document is for another issuer")
        _http_url(document.get("authorization_endpoint"))
        _http_url(document.get("token_endpoint"))
        with self._lock:
            self._documents[issuer] = (now + self.ttl, document)
        return document

    def authorization_url(self, issuer: str, *, client_id: str, redirect_uri: str, state: str, nonce: str,
                          code_challenge: str, acr: str, locale: str = "") -> str:
        endpoint = _http_url(self.discovery(issuer).get("authorization_endpoint"))
        query = {
            "response_type": "code",
            "client_id": client_id,
            "redirect_uri": redirect_uri,
            "scope": "openid",
            "state": state,
            "nonce": nonce,
            "code_challenge": code_challenge,
            "code_challenge_method": "S256",
        }
        if acr:
            query["acr_values"] = acr
        if locale:
            query["ui_locales"] = locale
        separator = "&" if urllib.parse.urlsplit(endpoint).query else "?"
        return endpoint + separator + urllib.parse.urlencode(query)

    def exchange_code(self, issuer: str, credentials: ClientCredentials, *, code: str, redirect_uri: str,
                      code_verifier: str) -> str:
        """The ID token for an authorization code; raises TokenRefused or ProviderUnavailable."""
        endpoint = _http_url(self.discovery(issuer).get("token_endpoint"))
        form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
                "code_verifier": code_verifier}
        headers = {"Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded"}
        if credentials.method == "client_secret_basic":
            # RFC 6749 §2.3.1: each part form-encoded before joining.
            user = urllib.parse.quote(credentials.client_id, safe="")
            password = urllib.parse.quote(credentials.secret, safe="")
            headers["Authorization"] = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        else:
            form["client_id"] = credentials.client_id
            if credentials.method == "client_secret_post":
                form["client_secret"] = credentials.secret
        request = urllib.request.Request(endpoint, data=urllib.parse.urlencode(form).encode(), headers=headers,
                                         method="POST")
        status, document = self._read_json(request)
        if status >= 500:
            raise ProviderUnavailable(f"token endpoint answered {status}")
        if status != 200:
            error = document.get("error")
            raise TokenRefused(error if isinstance(error, str) and error.isascii() and len(error) < 64 else "unknown")
        id_token = document.get("id_token")
        if not isinstance(id_token, str) or not id_token:
            raise TokenRefused("no_id_token")
        return id_token

    def end_session_origin(self, issuer: str) -> str:
        """``scheme://host[:port]`` of the provider's logout endpoint (for a CSP), or empty."""
        try:
            endpoint = self.discovery(issuer).get("end_session_endpoint")
            parsed = urllib.parse.urlsplit(_http_url(endpoint)) if endpoint else None
        except ProviderUnavailable:
            return ""
        if parsed is None or not _ORIGIN_SAFE.fullmatch(parsed.netloc):
            return ""
        return f"{parsed.scheme}://{parsed.netloc}"

    def end_session_url(self, issuer: str, *, id_token_hint: str, post_logout_redirect_uri: str,
                        client_id: str) -> str:
        """Where to send the browser to sign out at the provider too; empty when it offers no such endpoint."""
        try:
            endpoint = self.discovery(issuer).get("end_session_endpoint")
            endpoint = _http_url(endpoint) if endpoint else ""
        except ProviderUnavailable:
            return ""  # the local session is gone either way
        if not endpoint:
            return ""
        query = {"post_logout_redirect_uri": post_logout_redirect_uri, "client_id": client_id}
        if id_token_hint:
            query["id_token_hint"] = id_token_hint
        separator = "&" if urllib.parse.urlsplit(endpoint).query else "?"
        return endpoint + separator + urllib.parse.urlencode(query)
