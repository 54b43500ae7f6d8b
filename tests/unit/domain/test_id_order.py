"""Records of the same day keep the order they were made in: id 9 before id 10."""

from datetime import date

from earnest.domain.history import Conversation, ProspectHistory, id_order
from earnest.domain.ladder_files import builtin_ladders
from earnest.domain.lead_facts import lead_facts


def test_ids_sort_by_number_and_unsaved_ones_last():
    assert sorted([10, 9, "new", 100], key=id_order) == [9, 10, 100, "new"]


def test_the_last_of_two_same_day_conversations_is_the_higher_id():
    day = date(2026, 11, 20)
    history = ProspectHistory(
        id=1,
        name="Orbit",
        ladder="discovery",
        created_on=date(2026, 10, 1),
        conversations=(Conversation(id=10, on=day, rejected=True), Conversation(id=9, on=day)),
    )
    facts = lead_facts(history, builtin_ladders()["discovery"], day)
    assert [c.id for c in facts.conversations] == [9, 10]
