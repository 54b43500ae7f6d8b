"""The segments section of a prospect's page, rendered by itself so the page's view need not know about it."""

from __future__ import annotations

from django import template

register = template.Library()


@register.inclusion_tag("webui/experiments/_prospect_tags.html", takes_context=True)
def prospect_tags(context, workspace, prospect) -> dict:
    """The prospect's tags, and the coach's ask as it worked in the segment when that differs."""
    from earnest.ledger.reads.experiments import tuned_advice
    from earnest.webui.permissions import today
    from earnest.webui.views.experiments import tags_context

    found = tags_context(workspace, prospect)
    assessment = context.get("a")
    tuned = None
    if found["tags"] and assessment is not None:
        advice = tuned_advice(workspace, prospect, assessment, today())
        tuned = advice if advice != assessment.advice else None
    return {**found, "tuned": tuned, "csrf_token": context.get("csrf_token")}
