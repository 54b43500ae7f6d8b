"""The mapper's fast builders make the same frozen records as the domain's own constructors."""

import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from earnest.domain import history as h
from earnest.domain.currencies import Currency
from earnest.ledger import mapping

DAY = date(2026, 11, 23)
RECORDS = [
    (mapping._CONTACT, h.Contact, (7, "Raj Patel", h.Role.BUDGET_OWNER, "raj@example.com")),
    (
        mapping._CONVERSATION,
        h.Conversation,
        (3, DAY, h.Channel.CALL, (7,), "a pilot", h.AskAnswer.HEDGED, True, True, False, False, "", True),
    ),
    (
        mapping._COMMITMENT,
        h.Commitment,
        (
            5,
            "share shipment data",
            frozenset({Currency.TIME}),
            DAY,
            h.CommitmentStatus.AGREED,
            "shares_project_data",
            3,
            7,
            DAY,
            date(2026, 12, 1),
            None,
            Decimal("10.00"),
        ),
    ),
    (mapping._STEP, h.NextStep, (9, "call Raj", h.StepOwner.PROSPECT, DAY, date(2026, 11, 24), 3, None, None)),
    (mapping._EVIDENCE, h.Evidence, (h.Criterion.HAS_BUDGET, DAY, "20k set aside")),
]


@pytest.mark.parametrize(("build", "cls", "values"), RECORDS, ids=[r[1].__name__ for r in RECORDS])
def test_a_builder_makes_what_the_constructor_makes(build, cls, values):
    built, made = build(*values), cls(*values)
    assert type(built) is cls
    assert built == made and hash(built) == hash(made)
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(built, dataclasses.fields(cls)[0].name, 1)  # frozen all the same


def test_a_builder_sets_every_field_it_is_given():
    contact = mapping._CONTACT(1, "Ana", h.Role.USER, "")
    assert [getattr(contact, f.name) for f in dataclasses.fields(h.Contact)] == [1, "Ana", h.Role.USER, ""]
    with pytest.raises(TypeError):
        mapping._CONTACT(1, "Ana")  # every field, in order: no defaults filled in


def test_a_history_built_from_rows_equals_one_made_by_hand():
    row = (4, "Acme", "b2b", DAY, "", None, "", "", None, "", None, None)
    built = mapping.history_of(row, contacts=[], conversations=[], commitments=[], next_steps=[], evidence=[])
    assert built == h.ProspectHistory(id=4, name="Acme", ladder="b2b", created_on=DAY)
    assert built.extra == {}
