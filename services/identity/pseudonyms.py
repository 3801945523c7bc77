"""The rules for a pseudonym: the name a person is known by in the forum and at cafés.

A pseudonym protects its owner, so it must not identify them (no e-mail address or
phone number) and must not let anyone pass as someone else: it is unique across the
whole region after Unicode normalisation (NFKC), case folding and folding of
characters that look alike (Cyrillic "а" and Latin "a", "0" and "o", "1", "l" and "I"),
ignoring spaces and punctuation. Staff titles and role names are reserved.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from confusable_homoglyphs import confusables

from services.kit.errors import InvalidArgument

MIN_LENGTH = 3
MAX_LENGTH = 30

RESERVED = frozenset(
    {
        "admin", "administrator", "moderator", "mod", "reconnect", "system", "support", "staff",
        "serviceuser", "service", "user", "healthprovider", "provider", "peermoderator",
        "tenantadmin", "regionadmin", "researcher", "doctor", "lege", "nurse", "sykepleier",
        "therapist", "terapeut", "psykolog", "psychologist", "brukerkonsulent", "consultant",
        "anonymous", "anonym", "root", "official",
    }
)

_ALLOWED = re.compile(r"^[\w .'\-]+$")
_SEPARATORS = re.compile(r"[\s.'\-_]+")
_EMAIL = re.compile(r"@|\b[\w.-]+\.(no|com|net|org|se|dk)\b", re.IGNORECASE)
_DIGIT_FOLDS = str.maketrans({"0": "o", "1": "l", "i": "l", "|": "l", "5": "s", "$": "s"})


@lru_cache(maxsize=4096)
def _latin_lookalike(char: str) -> str:
    """The ASCII letter or digit a character can be mistaken for, or the character itself."""
    if char.isascii():
        return char
    for homoglyph in confusables.confusables_data.get(char, ()):
        candidate = homoglyph["c"]
        if len(candidate) == 1 and candidate.isascii() and candidate.isalnum():
            return candidate
    return char


def fold(pseudonym: str) -> str:
    """The comparison key: two pseudonyms with the same key are the same to a reader."""
    text = unicodedata.normalize("NFKC", pseudonym)
    text = "".join(_latin_lookalike(ch) for ch in text)
    # Capital I looks like lower-case l; fold before case folding loses the difference.
    text = text.replace("I", "l").casefold()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _SEPARATORS.sub("", text)
    return text.translate(_DIGIT_FOLDS)


def _words(pseudonym: str) -> list[str]:
    """The folded words of a pseudonym, so "Admin 2" and "the_m0derator" are caught too."""
    words = re.split(r"[\s.'\-_]+", unicodedata.normalize("NFKC", pseudonym))
    return [fold(word).strip("0123456789") for word in words if word]


def refuse_identifying(name: str, field: str) -> None:
    """A chosen name must not carry contact details or invisible characters."""
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise InvalidArgument("a name cannot contain control or invisible characters", field=field, reason="invalid_characters")
    if _EMAIL.search(name):
        raise InvalidArgument("a name must not look like an e-mail address", field=field, reason="looks_like_email")
    if sum(ch.isdigit() for ch in name) >= 6:
        raise InvalidArgument("a name must not look like a phone number", field=field, reason="looks_like_phone")


def validate(raw: str) -> tuple[str, str]:
    """Check a chosen pseudonym; returns (display form, comparison key) or raises InvalidArgument."""
    display = " ".join(unicodedata.normalize("NFKC", raw).split())
    if len(display) < MIN_LENGTH:
        raise InvalidArgument(f"a pseudonym needs at least {MIN_LENGTH} characters", field="pseudonym", reason="too_short")
    if len(display) > MAX_LENGTH:
        raise InvalidArgument(f"a pseudonym can have at most {MAX_LENGTH} characters", field="pseudonym", reason="too_long")
    refuse_identifying(display, "pseudonym")
    if not _ALLOWED.match(display):
        raise InvalidArgument(
            "use letters, digits, spaces, '.', '-', '_' or an apostrophe", field="pseudonym", reason="invalid_characters"
        )
    key = fold(display)
    if len(key) < MIN_LENGTH:
        raise InvalidArgument(f"a pseudonym needs at least {MIN_LENGTH} letters or digits", field="pseudonym", reason="too_short")
    if key in _RESERVED_KEYS or any(word in _RESERVED_KEYS for word in _words(display)):
        raise InvalidArgument("that pseudonym is reserved", field="pseudonym", reason="reserved")
    return display, key


_RESERVED_KEYS = frozenset(fold(word) for word in RESERVED)
