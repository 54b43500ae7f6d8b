"""The calendar feed endpoint: no login, a valid and unrevoked secret in the address is enough."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from earnest.transfer.calendar_feed import feed_calendar
from earnest.transfer.selectors import feed_for_secret


@require_GET
def calendar_feed(request: HttpRequest, secret: str) -> HttpResponse:
    token = feed_for_secret(secret)
    if token is None:
        raise Http404("no such feed")
    body = feed_calendar(
        token.workspace,
        stamp=timezone.now().replace(microsecond=0),
        host=request.get_host().split(":")[0] or "earnest",
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="earnest.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response
