"""A workspace's own settings: its name, the currency of its amounts and how its people write dates."""

from __future__ import annotations

import re

from django.db import transaction

from earnest.domain.errors import DomainError

from .. import models as m
from ._validation import clean_text

DATE_ORDERS = {key for key, _ in m.Workspace.DATE_ORDERS}


def money_currency_code(value: str) -> str:
    """An ISO 4217 code such as USD or EUR, in capitals."""
    code = (value or "").strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise DomainError(f"currency {value!r} is not a three-letter code such as USD, EUR or GBP")
    return code


@transaction.atomic
def workspace_settings_update(
    *,
    workspace: m.Workspace,
    name: str | None = None,
    money_currency: str | None = None,
    date_order: str | None = None,
) -> m.Workspace:
    """Change any of the given settings; the ones left as None stay as they are."""
    changed = []
    if name is not None:
        workspace.name = clean_text(name, "name", max_length=200, required=True)
        changed.append("name")
    if money_currency is not None:
        workspace.money_currency = money_currency_code(money_currency)
        changed.append("money_currency")
    if date_order is not None:
        order = date_order.strip().lower().replace("/", "")
        if order not in DATE_ORDERS:
            raise DomainError(f"date order {date_order!r} is not one of: {', '.join(sorted(DATE_ORDERS))}")
        workspace.date_order = order
        changed.append("date_order")
    if changed:
        workspace.save(update_fields=changed)
    return workspace
