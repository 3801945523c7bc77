"""Norwegian national identity numbers (fødselsnummer, D-number): the check digits, and
the keyed hash under which identity finds a person without ever storing the number."""

from __future__ import annotations

import hashlib
import hmac
import re

_DIGITS = re.compile(r"^\d{11}$")
_K1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_K2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _check_digit(digits: list[int], weights: tuple[int, ...]) -> int | None:
    value = 11 - sum(d * w for d, w in zip(digits, weights, strict=False)) % 11
    if value == 11:
        return 0
    return None if value == 10 else value


def is_valid(number: str) -> bool:
    """Eleven digits whose two check digits are right."""
    number = number.replace(" ", "")
    if not _DIGITS.match(number):
        return False
    digits = [int(c) for c in number]
    k1 = _check_digit(digits[:9], _K1)
    if k1 is None or k1 != digits[9]:
        return False
    k2 = _check_digit(digits[:10], _K2)
    return k2 is not None and k2 == digits[10]


def keyed_hash(number: str, key: bytes) -> str:
    """HMAC-SHA256: the same person always maps to the same value, and without the key
    nobody can test a guessed number against a stolen database."""
    return hmac.new(key, number.replace(" ", "").encode(), hashlib.sha256).hexdigest()
