"""Request guards every page and API call passes through, in the order settings.MIDDLEWARE lists them.

- RequestIdMiddleware: a short id per request, in the response's X-Request-ID header, in every log
  line written while the request runs, and on the 500 page, so a person's report finds its log line.
- RejectNulMiddleware: a NUL byte in the path, the query string, a header or a form body answers 400
  before any view runs (PostgreSQL refuses NUL in text, which a view would otherwise turn into a 500).
- DatabaseBusyMiddleware: a locked SQLite database answers 503 with Retry-After, never 500.
- ContentSecurityPolicyMiddleware: a strict Content-Security-Policy on every response.
"""

from __future__ import annotations

import contextvars
import hashlib
import html
import logging
import re
import secrets
from base64 import b64encode
from functools import cache
from pathlib import Path
from urllib.parse import unquote_to_bytes

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

logger = logging.getLogger("earnest.web")

REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("earnest_request_id", default="-")
# How long a client should wait before trying again when SQLite is locked by a long write.
BUSY_RETRY_AFTER_SECONDS = 5


def request_id() -> str:
    """The id of the request this thread is serving, or '-' outside a request."""
    return REQUEST_ID.get()


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every log record, for the formatter in settings.LOGGING."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get()
        return True


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rid = secrets.token_hex(6)
        request.request_id = rid  # type: ignore[attr-defined]
        reset = REQUEST_ID.set(rid)
        try:
            response = self.get_response(request)
        finally:
            REQUEST_ID.reset(reset)
        response["X-Request-ID"] = rid
        return response


def _has_nul(text: str) -> bool:
    return "\x00" in text


_FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


def _encoded_nul(query_string: str) -> bool:
    """A NUL written as itself or percent-encoded (%00), as it arrives in a query string."""
    return _has_nul(query_string) or b"\x00" in unquote_to_bytes(query_string)


class RejectNulMiddleware:
    """400 for NUL anywhere a view could read it as text; uploaded files are left to their importers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        where = self._where(request)
        if where:
            logger.warning("refused a request with a NUL byte in its %s", where)
            return self._refuse(request, f"the request's {where} contains a NUL character")
        return self.get_response(request)

    @staticmethod
    def _where(request: HttpRequest) -> str:
        if _has_nul(request.path) or _has_nul(request.path_info):
            return "path"
        if _encoded_nul(request.META.get("QUERY_STRING", "")):
            return "query string"
        for key, value in request.META.items():
            if key.startswith("HTTP_") and isinstance(value, str) and _has_nul(value):
                return "headers"
        if request.method == "POST" and request.content_type in _FORM_TYPES:
            # The parsed fields (files are not among them), as every view and form will read them.
            for key, values in request.POST.lists():
                if _has_nul(key) or any(_has_nul(v) for v in values):
                    return "form"
        return ""

    @staticmethod
    def _refuse(request: HttpRequest, message: str) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse({"error": {"code": "invalid", "message": message}}, status=400)
        return HttpResponseBadRequest(html.escape(message), content_type="text/plain; charset=utf-8")


def database_busy(exc: BaseException) -> bool:
    """SQLite's 'database is locked' (or busy): another process holds the write lock for too long."""
    text = str(exc).lower()
    return isinstance(exc, OperationalError) and ("database is locked" in text or "database is busy" in text)


def busy_response(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After; the API's error shape under /api/, a short page elsewhere."""
    message = "the database is busy with a long write (an import?); try again in a few seconds"
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"error": {"code": "busy", "message": message}}, status=503)
    else:
        response = HttpResponse(
            f"<!doctype html><title>Busy</title><h1>Busy</h1><p>{html.escape(message)}.</p>", status=503
        )
    response["Retry-After"] = str(BUSY_RETRY_AFTER_SECONDS)
    return response


class DatabaseBusyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if database_busy(exc):
            logger.warning("database locked: answered 503 to %s %s", request.method, request.path)
            return busy_response(request)
        return None


# --- Content-Security-Policy -------------------------------------------------------------------------

_TEMPLATES = Path(__file__).resolve().parents[1]  # src/earnest: every app's templates live below it
_HANDLER_RE = re.compile(r"\son[a-z]+=\"([^\"]*)\"")
_SCRIPT_RE = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>(.*?)</script>", re.S)


def _sha256(source: str) -> str:
    return "'sha256-" + b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


def inline_sources() -> tuple[list[str], list[str]]:
    """(inline event handlers, inline <script> bodies) written in earnest's own templates.

    Each is allowed by its hash, so the policy needs no 'unsafe-inline' for scripts: an injected
    script or handler has a hash nobody allowed. Template syntax inside one would change its hash
    per page; tests/web/test_security.py refuses that.
    """
    handlers: list[str] = []
    scripts: list[str] = []
    for path in sorted(_TEMPLATES.rglob("templates/**/*.html")):
        text = path.read_text(encoding="utf-8")
        handlers += [html.unescape(h) for h in _HANDLER_RE.findall(text)]
        scripts += _SCRIPT_RE.findall(text)
    return handlers, scripts


@cache
def content_security_policy() -> str:
    handlers, scripts = inline_sources()
    hashes = " ".join(sorted({_sha256(s) for s in handlers + scripts}))
    unsafe_hashes = " 'unsafe-hashes'" if handlers else ""
    # Styles: inline style attributes are many and harmless without script; htmx adds one <style>.
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self'{unsafe_hashes} {hashes}".rstrip(),
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'",
        ]
    )


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", content_security_policy())
        return response


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page: plain HTML with no template or database, which may be what failed; it names the
    request id that the server log's error line carries."""
    rid = html.escape(getattr(request, "request_id", None) or request_id())
    body = (
        '<!doctype html><html lang="en"><meta charset="utf-8"><title>Server error · earnest</title>'
        "<h1>Something went wrong on our side</h1>"
        "<p>Nothing you did caused this. The error is in the server log; quote this request id "
        f'when you report it: <code id="request-id">{rid}</code></p><p><a href="/">Back to earnest</a></p>'
    )
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"error": {"code": "server_error", "message": "an error on the server's side", "request_id": rid}},
            status=500,
        )
    return HttpResponse(body, status=500)
