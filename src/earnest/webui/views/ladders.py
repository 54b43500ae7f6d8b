from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from earnest.domain.errors import DomainError, LadderFileError
from earnest.domain.ladder_files import BUILTIN_KEYS, builtin_ladder_text
from earnest.ledger.models import CustomLadder
from earnest.ledger.reads.selectors import workspace_ladders
from earnest.ledger.services.ladders import ladder_delete, ladder_save
from earnest.ledger.services.versions import StaleEdit

from ..forms import LadderForm, form_values
from ..permissions import NO_VERSION, click_conflict, member_view, posted_version

CONTEXT_LINES = 3


@member_view
def ladder_list(request: HttpRequest, workspace) -> HttpResponse:
    ladders = workspace_ladders(workspace)
    return render(
        request,
        "webui/ladders.html",
        {"workspace": workspace, "ladders": ladders.values(), "builtin_keys": BUILTIN_KEYS, "nav": "ladders"},
    )


@member_view
def ladder_show(request: HttpRequest, workspace, key: str) -> HttpResponse:
    ladder = workspace_ladders(workspace).get(key)
    if ladder is None:
        raise Http404("no such ladder")
    # The delete button sends the version shown, so it cannot remove a ladder someone has since edited.
    version = (
        None
        if ladder.builtin
        else CustomLadder.objects.filter(workspace=workspace, key=key).values_list("version", flat=True).first()
    )
    return render(
        request, "webui/ladder.html", {"workspace": workspace, "ladder": ladder, "version": version, "nav": "ladders"}
    )


def _excerpt(source: str, line: int | None) -> list[tuple[int, str, bool]]:
    if not line:
        return []
    lines = source.splitlines()
    first, last = max(1, line - CONTEXT_LINES), min(len(lines), line + CONTEXT_LINES)
    return [(n, lines[n - 1], n == line) for n in range(first, last + 1)]


def _edit(request: HttpRequest, workspace, initial: str, key: str | None, version: int | None = None) -> HttpResponse:
    form = LadderForm(request.POST or None, initial={"source": initial, "version": version})
    excerpt: list = []
    if request.method == "POST" and form.is_valid():
        source = form.cleaned_data["source"]
        try:
            ladder = ladder_save(
                workspace=workspace,
                source=source,
                origin="ladder",
                key=key,
                expected_version=form.cleaned_data["version"] if key else None,
            )
        except StaleEdit as exc:
            # Keep what they typed; the form now carries the current version, so saving
            # again is a deliberate overwrite.
            form.add_error("source", str(exc).removeprefix("ladder: "))
            data = form_values(form).copy()
            data["version"] = str(version)
            form.data = data
        except LadderFileError as exc:
            form.add_error("source", f"Line {exc.line}: {exc.problem}" if exc.line else exc.problem)
            excerpt = _excerpt(source, exc.line)
        except DomainError as exc:
            form.add_error("source", str(exc).removeprefix("ladder: "))
        else:
            messages.success(request, f"Saved the ladder {ladder.name!r}.")
            return redirect("webui:ladder", slug=workspace.slug, key=ladder.key)
    return render(
        request,
        "webui/ladder_form.html",
        {"workspace": workspace, "form": form, "excerpt": excerpt, "key": key, "nav": "ladders"},
        status=400 if form.errors else 200,
    )


@member_view
def ladder_new(request: HttpRequest, workspace) -> HttpResponse:
    base = request.GET.get("from", "discovery")
    source = builtin_ladder_text(base if base in BUILTIN_KEYS else "discovery")
    source = source.replace(f'key = "{base}"', f'key = "my_{base}"', 1) if base in BUILTIN_KEYS else source
    return _edit(request, workspace, source, None)


@member_view
def ladder_edit(request: HttpRequest, workspace, key: str) -> HttpResponse:
    row = CustomLadder.objects.filter(workspace=workspace, key=key).first()
    if row is None:
        raise Http404("no such custom ladder")
    return _edit(request, workspace, row.source, key, row.version)


@require_POST
@member_view
def ladder_remove(request: HttpRequest, workspace, key: str) -> HttpResponse:
    version = posted_version(request)
    try:
        with transaction.atomic():
            row = CustomLadder.objects.select_for_update().filter(workspace=workspace, key=key).first()
            if row is None:
                raise Http404("no such custom ladder")
            if version is None or row.version != version:
                messages.error(request, NO_VERSION if version is None else click_conflict(row.name))
                return redirect("webui:ladder", slug=workspace.slug, key=key)
            ladder_delete(workspace=workspace, key=key)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("webui:ladder", slug=workspace.slug, key=key)
    messages.success(request, f"Deleted the ladder {key!r}.")
    return redirect("webui:ladders", slug=workspace.slug)
