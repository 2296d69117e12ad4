"""Kept for imports: the redaction filter now lives in :mod:`adapters.common.redact`."""

from adapters.common.redact import (
    SecretRedactingFilter,
    install_excepthook,
    install_redaction,
    one_line,
    redact,
)

__all__ = ["SecretRedactingFilter", "install_excepthook", "install_redaction", "one_line", "redact"]
