"""A logging filter that keeps Slack secrets out of every log line, tracebacks included.

Redacts, in order: the exact configured secrets (bot token, app token, signing secret), then
anything shaped like a Slack token (``xoxb-``, ``xoxp-``, ``xoxa-``, ``xoxe-``, ``xapp-`` ...).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

__all__ = ["SecretRedactingFilter", "install_redaction", "redact"]

_TOKEN_SHAPE = re.compile(r"\b(?:xox[a-z]|xapp)-[0-9A-Za-z\-]+")
_MASK = "[redacted]"


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, _MASK)
    return _TOKEN_SHAPE.sub(_MASK, text)


class SecretRedactingFilter(logging.Filter):
    """Rewrites a record's message (and formatted traceback) with secrets masked."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the record
            message = str(record.msg)
        record.msg = redact(message, self.secrets)
        record.args = None
        if record.exc_info:
            # Format the traceback now, redacted, and drop exc_info so handlers use our text.
            text = logging.Formatter().formatException(record.exc_info)
            record.exc_text = redact(text, self.secrets)
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = redact(record.exc_text, self.secrets)
        return True


def install_redaction(secrets: Iterable[str] = ()) -> SecretRedactingFilter:
    """Attach the filter to every handler of the root logger (filters on handlers see records
    from all loggers, unlike filters on a logger)."""
    flt = SecretRedactingFilter(secrets)
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig()
    for handler in root.handlers:
        handler.addFilter(flt)
    return flt
