"""HR passwords: hashed with Argon2, and a policy for new ones (long, not a common one).

The common passwords are the 20,000 of Django's list (Royce Williams' list, BSD-licensed
with Django) plus some Dutch ones, lower-cased, in common_passwords.txt.gz.
"""

from __future__ import annotations

import gzip
import re
from functools import lru_cache
from importlib.resources import files

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError

from shared.i18n import N_, translate

MIN_LENGTH = 12
MAX_LENGTH = 200  # Argon2 takes any length; this keeps a login form from hashing megabytes

_hasher = PasswordHasher()
# Checked when no account matches, so an unknown address costs the same time as a wrong password.
_UNKNOWN_ACCOUNT_HASH = _hasher.hash("no account has this password")

# The Dutch text by problem code (English from the catalogue); the web form and the CLI show them.
PROBLEMS = {
    "too_short": N_("Kies een wachtwoord van minstens {least} tekens."),
    "too_long": N_("Kies een wachtwoord van hoogstens {most} tekens."),
    "common": N_("Dit wachtwoord is te makkelijk te raden. Kies een ander, bijvoorbeeld een paar losse woorden."),
}


def problem_message(code: str, lang: str) -> str:
    return translate(PROBLEMS[code], lang, least=MIN_LENGTH, most=MAX_LENGTH)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password(stored_hash: str | None, password: str) -> bool:
    """Whether it matches; with no hash (no such account) it does the same work and says False."""
    try:
        return _hasher.verify(stored_hash or _UNKNOWN_ACCOUNT_HASH, password) and bool(stored_hash)
    except (VerifyMismatchError, InvalidHashError):
        return False


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    data = files("shared").joinpath("common_passwords.txt.gz").read_bytes()
    return frozenset(gzip.decompress(data).decode("utf-8").split())


def _guessable_forms(password: str) -> set[str]:
    """The password as a guesser tries it: any case, without spaces, without trailing or
    leading digits and signs ('Welkom2026!'), and the word of a repetition ('zomerzomer1')."""
    lower = password.lower()
    forms = {lower, lower.replace(" ", "")}
    for pattern in (r"\d+$", r"[\W_]+$", r"[\d\W_]+$", r"^\d+", r"^[\W_]+", r"^[\d\W_]+"):
        forms |= {re.sub(pattern, "", form) for form in list(forms)}
    for form in list(forms):
        for size in range(1, len(form) // 2 + 1):
            if len(form) % size == 0 and form[:size] * (len(form) // size) == form:
                forms.add(form[:size])  # 'bling' and 'blingbling' of 'bling' * 4
    return {form for form in forms if form}


def password_problem(password: str) -> str | None:
    """The code of what is wrong with a new password (a key of PROBLEMS), or None."""
    if len(password) < MIN_LENGTH:
        return "too_short"
    if len(password) > MAX_LENGTH:
        return "too_long"
    forms = _guessable_forms(password)
    if forms & _common() or any(len(set(form)) <= 2 for form in forms):
        return "common"
    return None
