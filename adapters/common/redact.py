"""A logging filter that keeps secrets and request bodies out of every log line, tracebacks
included, and an excepthook that does the same for uncaught exceptions.

Redacts, in order: the exact configured secrets (bot token, app token, signing secret, Discord
token), then anything shaped like a Slack token (``xoxb-``, ``xoxp-``, ``xoxa-``, ``xoxe-``,
``xapp-`` ...).  Bolt's "Invalid request signature detected (…, body: …)" line is cut before
its headers and body (the request guard refuses such requests first; this is the backstop).
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import traceback
from collections.abc import Iterable
from types import TracebackType

__all__ = ["SecretRedactingFilter", "install_excepthook", "install_redaction", "one_line", "redact"]

_TOKEN_SHAPE = re.compile(
    r"\b(?:xox[a-z]|xapp)-[0-9A-Za-z\-]+"  # Slack tokens
    r"|\b[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}"  # Discord bot tokens
)
_MASK = "[redacted]"
#: Bolt log lines that carry (part of) a request body: kept up to where the body starts.
_BOLT_BODY_LINES = (
    ("Invalid request signature", "Invalid request signature detected (request details not logged)"),
    ("A global middleware (", None),  # "... without providing a response for the request ({body})"
    ("Unhandled request (", "Unhandled request (request details not logged)"),
)


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
        except Exception:  # noqa: BLE001 - a bad format string must not lose the record
            message = str(record.msg)
        if record.name.startswith("slack_bolt"):
            message = _without_bolt_body(message)
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


def _without_bolt_body(message: str) -> str:
    for prefix, replacement in _BOLT_BODY_LINES:
        if message.startswith(prefix):
            if replacement is None:
                return message.split(" for the request (", 1)[0] + " for a request (details not logged)"
            return replacement
    return message


def install_redaction(secrets: Iterable[str] = ()) -> SecretRedactingFilter:
    """Attach the filter to every handler of the root logger (filters on handlers see records
    from all loggers, unlike filters on a logger)."""
    flt = SecretRedactingFilter(secrets)
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig()
    for handler in root.handlers:
        handler.addFilter(flt)
    install_excepthook(flt.secrets)
    return flt


def install_excepthook(secrets: Iterable[str] = ()) -> None:
    """Uncaught exceptions (main thread and other threads) are printed with secrets masked."""
    kept = [s for s in secrets if s]

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        sys.stderr.write(redact("".join(traceback.format_exception(kind, value, tb)), kept))

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        hook(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook


def one_line(exc: BaseException, secrets: Iterable[str] = ()) -> str:
    """An exception as one redacted line (start-up errors): its type and first message line."""
    text = str(exc).strip().splitlines()
    detail = text[0][:300] if text else ""
    return redact(f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__, secrets)
