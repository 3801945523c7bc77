"""Sign-ins that have ended, so their access tokens stop working everywhere at once.

Access tokens are verified offline against identity's published keys, which alone would
leave a token usable for up to its 15 minutes after logout. Identity publishes
``identity.session_ended`` for each sign-in that ends (logout, revoked by its owner, a reused
refresh token, and every live sign-in of an account that is deactivated, erased or moved).
A sign-in never resumes once ended, so every token carrying its id (``sid``) is void. Every
process listens to those events itself (not as one of a group: each replica must hear each
one), replaying the last token lifetime's worth when it starts. Entries are forgotten once
no token they cover can still be valid.
"""

from __future__ import annotations

import threading
import time

from reconnect.events.v1 import envelope_pb2
from reconnect.events.v1 import identity_pb2 as identity_events
from services.kit.outbox import unpack

SUBJECT = "identity.*.session_ended"
STREAM = "IDENTITY"
# The longest an access token lives (identity's ACCESS_TOKEN_LIFETIME), with room for clock skew.
REMEMBER_SECONDS = 15 * 60 + 60


class EndedSessions:
    def __init__(self, clock=time.time):
        self._clock = clock
        self._lock = threading.Lock()
        self._sessions: dict[str, int] = {}  # session id -> ended at (Unix seconds)

    def end(self, session_id: str, ended_at: int) -> None:
        if not session_id:
            return
        with self._lock:
            self._sessions[session_id] = max(ended_at, self._sessions.get(session_id, 0))
            cutoff = self._clock() - REMEMBER_SECONDS
            for key in [key for key, at in self._sessions.items() if at < cutoff]:
                del self._sessions[key]

    def ended(self, session_id: str) -> bool:
        """Whether the sign-in a token belongs to has ended."""
        with self._lock:
            return bool(session_id) and session_id in self._sessions

    def __len__(self) -> int:
        with self._lock:
            return len(self._sessions)

    def apply(self, event: envelope_pb2.Event) -> None:
        """One ``identity.session_ended`` event from the stream."""
        if event.type != "identity.session_ended":
            return
        ended = unpack(event, identity_events.SessionEnded)
        self.end(ended.session_id, int(ended.ended_at))
