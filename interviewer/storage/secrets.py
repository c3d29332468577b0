"""Analyst keys and participant tokens: generated here, stored only hashed.

A secret looks like `ipk_<prefix>_<secret>` (analyst key) or
`ipt_<prefix>_<secret>` (participant token). The prefix is random, unique and
stored in clear to find the row; the secret part (256 random bits) is stored
as sha256(salt + secret) with a salt of its own, and compared in constant
time. Neither the secret nor its hash ever leaves the database.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

ANALYST = "ipk"
PARTICIPANT = "ipt"
_PREFIX_BYTES = 6
_SECRET_BYTES = 32


@dataclass(frozen=True)
class NewSecret:
    """A freshly made secret: `token` is shown to its owner once."""

    token: str
    prefix: str
    salt: str
    secret_hash: str


@dataclass(frozen=True)
class ParsedToken:
    kind: str  # ANALYST or PARTICIPANT
    prefix: str
    secret: str


def hash_secret(secret: str, salt: str) -> str:
    return hashlib.sha256(bytes.fromhex(salt) + secret.encode("utf-8")).hexdigest()


def make_secret(kind: str) -> NewSecret:
    prefix = secrets.token_hex(_PREFIX_BYTES)
    secret = secrets.token_urlsafe(_SECRET_BYTES)
    salt = secrets.token_hex(16)
    return NewSecret(
        token=f"{kind}_{prefix}_{secret}", prefix=prefix, salt=salt, secret_hash=hash_secret(secret, salt)
    )


def parse_token(token: str) -> ParsedToken | None:
    """Split a presented token; None when it does not have our shape."""
    kind, sep, rest = token.partition("_")
    if not sep or kind not in (ANALYST, PARTICIPANT):
        return None
    prefix, sep, secret = rest.partition("_")
    if not sep or len(prefix) != 2 * _PREFIX_BYTES or not secret:
        return None
    return ParsedToken(kind=kind, prefix=prefix, secret=secret)


def matches(secret: str, *, salt: str, secret_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(secret, salt), secret_hash)
