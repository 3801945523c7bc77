"""A real OpenID provider on loopback, for tests: discovery, published keys, the
authorization code flow with PKCE, and ID tokens signed with RS256.

It stands in for the national ID provider (an outside system), behind the same
protocol the real one speaks. Tests choose who signs in (``person``) and can make it
misbehave (``mutate``) to prove the relying party refuses what it must. With a
``client_secret`` set, the token endpoint authenticates the client (``client_secret_basic``
or ``client_secret_post``) as a confidential client's provider does. ``authorizations``,
``token_requests`` and ``logout_requests`` record what the relying party sent.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm


class LoopbackProvider:
    def __init__(self, client_id: str = "reconnect"):
        self.client_id = client_id
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = secrets.token_hex(8)
        self.person = {"pid": "15076500565", "acr": "idporten-loa-high"}
        self.mutate: str = ""  # wrong_audience, expired, unknown_kid, alg_none, wrong_issuer, reusable_code, discovery_down
        # An error the authorization endpoint answers with instead of a code (e.g. access_denied).
        self.refuse: str = ""
        self.client_secret: str = ""
        self.authorizations: list[dict] = []
        self.token_requests: list[dict] = []
        self.logout_requests: list[dict] = []
        self.codes: dict[str, dict] = {}
        self.logouts = 0
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> LoopbackProvider:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def discovery(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "end_session_endpoint": f"{self.issuer}/logout",
            "response_types_supported": ["code"],
            "code_challenge_methods_supported": ["S256"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "acr_values_supported": ["idporten-loa-substantial", "idporten-loa-high"],
        }

    def jwks(self) -> dict:
        public = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        public.update({"kid": self.kid, "alg": "RS256", "use": "sig"})
        return {"keys": [public]}

    def id_token(self, nonce: str, **claims) -> str:
        now = int(time.time())
        body = {"iss": self.issuer, "aud": self.client_id, "sub": secrets.token_hex(8), "iat": now, "exp": now + 120,
                "nonce": nonce, **self.person, **claims}
        headers = {"kid": self.kid}
        if self.mutate == "wrong_audience":
            body["aud"] = "someone-else"
        elif self.mutate == "wrong_issuer":
            body["iss"] = "https://evil.example"
        elif self.mutate == "expired":
            body["iat"], body["exp"] = now - 600, now - 300
        elif self.mutate == "unknown_kid":
            headers["kid"] = "not-" + self.kid
        elif self.mutate == "alg_none":
            return jwt.encode(body, None, algorithm="none", headers=headers)
        return jwt.encode(body, self.key, algorithm="RS256", headers=headers)

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args):
                pass

            def _json(self, body: dict, status: int = 200) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):  # noqa: N802 - http.server's name
                url = urllib.parse.urlparse(self.path)
                query = dict(urllib.parse.parse_qsl(url.query))
                if url.path == "/.well-known/openid-configuration":
                    if provider.mutate == "discovery_down":
                        return self._json({"error": "server_error"}, 503)
                    return self._json(provider.discovery())
                if url.path == "/jwks":
                    return self._json(provider.jwks())
                if url.path == "/authorize":
                    if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
                        return self._json({"error": "invalid_request"}, 400)
                    provider.authorizations.append(query)
                    if query.get("client_id") != provider.client_id:
                        return self._json({"error": "unauthorized_client"}, 400)
                    if provider.refuse:
                        answer = {"error": provider.refuse, "error_description": "The user said no <script>",
                                  "state": query.get("state", "")}
                    else:
                        code = secrets.token_urlsafe(16)
                        provider.codes[code] = query
                        answer = {"code": code, "state": query.get("state", "")}
                    target = query["redirect_uri"] + "?" + urllib.parse.urlencode(answer)
                    self.send_response(302)
                    self.send_header("Location", target)
                    self.end_headers()
                    return None
                if url.path == "/logout":
                    provider.logouts += 1
                    provider.logout_requests.append(query)
                    target = query.get("post_logout_redirect_uri")
                    self.send_response(302 if target else 200)
                    if target:
                        self.send_header("Location", target)
                    self.end_headers()
                    return None
                return self._json({"error": "not_found"}, 404)

            def do_POST(self):  # noqa: N802
                if self.path != "/token":
                    return self._json({"error": "not_found"}, 404)
                length = int(self.headers.get("Content-Length", "0"))
                form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
                provider.token_requests.append({**form, "authorization": self.headers.get("Authorization", "")})
                if provider.client_secret and not self._client_authenticated(form):
                    return self._json({"error": "invalid_client"}, 401)
                if provider.mutate == "reusable_code":  # a broken provider: the code works twice
                    request = provider.codes.get(form.get("code", ""))
                else:
                    request = provider.codes.pop(form.get("code", ""), None)
                if request is None or form.get("redirect_uri") != request["redirect_uri"]:
                    return self._json({"error": "invalid_grant"}, 400)
                challenge = base64.urlsafe_b64encode(hashlib.sha256(form.get("code_verifier", "").encode()).digest())
                if challenge.rstrip(b"=").decode() != request["code_challenge"]:
                    return self._json({"error": "invalid_grant", "error_description": "PKCE"}, 400)
                return self._json({"id_token": provider.id_token(request.get("nonce", "")), "access_token": "opaque",
                                   "token_type": "Bearer", "expires_in": 60})

            def _client_authenticated(self, form: dict) -> bool:
                basic = self.headers.get("Authorization", "")
                if basic.startswith("Basic "):
                    user, _, password = base64.b64decode(basic[6:]).decode().partition(":")
                    pair = (urllib.parse.unquote(user), urllib.parse.unquote(password))
                else:
                    pair = (form.get("client_id", ""), form.get("client_secret", ""))
                return pair == (provider.client_id, provider.client_secret)

        return Handler
