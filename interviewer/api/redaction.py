"""No secret in the logs: analyst keys, participant tokens and bearer
credentials are masked in every log record, whoever logs it.

The masking happens when a record is created (a log record factory), so it
covers every handler, including ones added later, and libraries' loggers
(uvicorn's access log, httpx, SQLAlchemy) as well as ours.
"""

from __future__ import annotations

import logging
import re
from typing import Any

# ipk_<prefix>_<secret> / ipt_<prefix>_<secret>: the prefix is not secret
# (it is stored in clear) and helps to tell keys apart in a log.
_TOKEN = re.compile(r"\b(ip[kt])_([0-9a-f]{12})_[A-Za-z0-9_\-]+")
# "Bearer <credentials>", but not the challenge `Bearer realm="..."`.
_BEARER = re.compile(r"(?i)\b(bearer)\s+(?!realm=)[A-Za-z0-9._~+/=\-]+")
# An Authorization header's value however it is printed, keeping its scheme.
_AUTH_HEADER = re.compile(
    r"(?i)(\bauthorization['\"]?\s*[:=,]\s*['\"]?)(?:(bearer|basic|token)\s+)?(?!\[redacted\])[^'\"\s,)]+"
)

MASK = "[redacted]"
_installed = False


def redact(text: str) -> str:
    text = _TOKEN.sub(lambda m: f"{m.group(1)}_{m.group(2)}_{MASK}", text)
    text = _AUTH_HEADER.sub(lambda m: m.group(1) + (f"{m.group(2)} " if m.group(2) else "") + MASK, text)
    return _BEARER.sub(lambda m: f"{m.group(1)} {MASK}", text)


def _redact_value(value: Any) -> Any:
    return redact(value) if isinstance(value, str) else value


def _redact_record(record: logging.LogRecord) -> None:
    # Arguments are masked one by one, so that formatters which read
    # record.args (uvicorn's access log) keep working. A template with
    # arguments is left alone: masking it could eat a '%s'.
    if isinstance(record.args, tuple):
        record.args = tuple(_redact_value(arg) for arg in record.args)
    elif isinstance(record.args, dict):
        record.args = {key: _redact_value(arg) for key, arg in record.args.items()}
    elif isinstance(record.msg, str):
        record.msg = redact(record.msg)
    try:
        message = record.getMessage()
    except Exception:  # a broken format string: leave it to the handler to report
        message = None
    if message is not None:
        cleaned = redact(message)
        if cleaned != message:  # a secret inside an object's str(): flatten
            record.msg, record.args = cleaned, None
    if record.exc_info and record.exc_info[1] is not None:
        # Tracebacks are formatted later; format them now, masked.
        record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        record.exc_info = None


class RedactingFilter(logging.Filter):
    """For handlers that should mask records made before install_redaction()."""

    def filter(self, record: logging.LogRecord) -> bool:
        _redact_record(record)
        return True


def install_redaction() -> None:
    """Mask secrets in every log record from now on (idempotent)."""
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        _redact_record(record)
        return record

    logging.setLogRecordFactory(factory)
    _installed = True
