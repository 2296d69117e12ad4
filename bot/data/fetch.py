"""Fetching a tracker export over HTTP(S) for ``layoffbot data sync --from URL``.

Everything from the network is hostile until checked: only ``http``/``https`` URLs (redirects
included), a size limit enforced while reading (not trusted from ``Content-Length``), a
timeout, and no credentials in the URL.  Request and response bodies are never logged.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from http.client import HTTPMessage
from typing import IO, Any
from urllib.parse import urlsplit

from bot.data.validation import DataError

__all__ = ["FETCH_TIMEOUT", "MAX_FETCH_BYTES", "FetchError", "Fetched", "fetch"]

#: Largest export accepted (the 4,277-row layoffs.fyi export is 0.75 MB).
MAX_FETCH_BYTES = 50_000_000
FETCH_TIMEOUT = 30.0
_ALLOWED_SCHEMES = ("http", "https")


class FetchError(DataError):
    """The export could not be fetched (``url``, ``reason``)."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"cannot fetch {url}: {reason}")


@dataclass(slots=True)
class Fetched:
    url: str
    """The URL finally read (after redirects)."""
    content: bytes
    content_type: str | None


def _check_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme.lower() not in _ALLOWED_SCHEMES:
        raise FetchError(url, f"only http and https URLs are fetched, not {parts.scheme or 'a bare path'!r}")
    if not parts.hostname:
        raise FetchError(url, "the URL has no host")
    if parts.username or parts.password:
        raise FetchError(_redact(url), "credentials in the URL are refused")
    return url


def _redact(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    return parts._replace(netloc=host + (f":{parts.port}" if parts.port else "")).geturl()


class _SafeRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to http(s) URLs (urllib would also follow ftp://)."""

    def redirect_request(self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str,
                         headers: HTTPMessage, newurl: str) -> urllib.request.Request | None:
        _check_url(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, *, max_bytes: int = MAX_FETCH_BYTES, timeout: float = FETCH_TIMEOUT) -> Fetched:
    """GET ``url`` and return its body; :class:`FetchError` for a refused URL, an HTTP error,
    a timeout or a body larger than ``max_bytes``."""
    _check_url(url)
    opener = urllib.request.build_opener(_SafeRedirects)
    request = urllib.request.Request(url, headers={"User-Agent": "layoffbot-sync", "Accept": "text/csv, */*"})
    try:
        response: Any = opener.open(request, timeout=timeout)
    except urllib.error.HTTPError as exc:
        raise FetchError(url, f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, FetchError):
            raise reason from None
        raise FetchError(url, str(reason)) from None
    except (TimeoutError, OSError, ValueError) as exc:
        raise FetchError(url, str(exc) or type(exc).__name__) from None
    with response:
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            raise FetchError(url, f"the file is larger than {max_bytes:,} bytes ({int(declared):,} declared)")
        chunks: list[bytes] = []
        size = 0
        try:
            while True:
                chunk = response.read(65536)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(url, f"the file is larger than {max_bytes:,} bytes")
                chunks.append(chunk)
        except (TimeoutError, OSError) as exc:
            raise FetchError(url, str(exc) or type(exc).__name__) from None
        return Fetched(response.geturl(), b"".join(chunks), response.headers.get("Content-Type"))
