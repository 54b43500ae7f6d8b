"""The tags section of a prospect's page, rendered by itself so the page's view need not know about it."""

from __future__ import annotations

from django import template

register = template.Library()


@register.inclusion_tag("webui/experiments/_prospect_tags.html", takes_context=True)
def prospect_tags(context, workspace, prospect) -> dict:
    from earnest.webui.views.experiments import tags_context

    return {**tags_context(workspace, prospect), "csrf_token": context.get("csrf_token")}
