"""The API object: routers, authentication and one error shape for every failure."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from earnest.domain.errors import DomainError
from earnest.ledger.services.versions import StaleEdit

from .auth import SessionAuth, TokenAuth
from .limits import OverBudget, RateLimited
from .routes import experiments, ledger, prospects, workspace

api = NinjaAPI(
    title="earnest API",
    version="1",
    description=(
        "The commitment ledger over HTTP. Authenticate with a personal token "
        "(`Authorization: Bearer ern_…`, scoped to one workspace) or a browser session "
        "(name the workspace in the `X-Earnest-Workspace` header if you belong to several). "
        "Edits carry the `version` they were based on; a stale one is refused with 409. "
        'Every error has the body `{"error": {"code", "message"}}`. '
        "Each token may make 240 requests a minute and each person 480 (429 with `Retry-After` beyond); "
        "`/analyze` takes up to 50,000 characters, 20 times a minute (more with `earnest analyze --jsonl`)."
    ),
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
)
api.add_router("", prospects.router)
api.add_router("", ledger.router)
api.add_router("", workspace.router)
api.add_router("", experiments.router)


def _error(request: HttpRequest, status: int, code: str, message: str, **extra):
    return api.create_response(request, {"error": {"code": code, "message": message, **extra}}, status=status)


def _handler(status: int, code: str):
    def handle(request, exc):
        return _error(request, status, code, str(exc) or code.replace("_", " "))

    return handle


# Ninja picks the handler of the closest class, so StaleEdit wins over DomainError.
for _exc, _status, _code in [
    (StaleEdit, 409, "conflict"),
    (DomainError, 400, "invalid"),
    (Http404, 404, "not_found"),
    (ObjectDoesNotExist, 404, "not_found"),
    (PermissionDenied, 403, "forbidden"),
]:
    api.add_exception_handler(_exc, _handler(_status, _code))


@api.exception_handler(ValidationError)
def on_validation_error(request, exc):
    details = [{"loc": list(map(str, e.get("loc", ()))), "message": e.get("msg", "")} for e in exc.errors]
    return _error(request, 422, "validation", "the request body or parameters are not valid", details=details)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return _error(request, 401, "unauthenticated", "a valid API token or session is required")


@api.exception_handler(HttpError)
def on_http_error(request, exc):
    codes = {400: "invalid", 401: "unauthenticated", 403: "forbidden", 404: "not_found", 409: "conflict"}
    return _error(request, exc.status_code, codes.get(exc.status_code, "error"), str(exc))


@api.exception_handler(RateLimited)
def on_rate_limited(request, exc):
    response = _error(request, 429, "rate_limited", str(exc))
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(OverBudget)
def on_over_budget(request, exc):
    response = _error(request, 503, "busy", str(exc))
    response["Retry-After"] = "10"
    return response
