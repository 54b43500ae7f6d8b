from earnest.domain.agenda import LISTS, agenda
from earnest.ledger.reads.selectors import lead_assessments
from earnest.ledger.reads.today import today_agenda
from earnest.ledger.services.demo import demo_load


def _keys(items):
    return sorted((i.kind, i.prospect_id, i.ref, i.on) for i in items)


def test_the_fast_agenda_has_the_same_items_as_judging_every_lead(workspace, today):
    demo_load(workspace=workspace, today=today)
    full = agenda(lead_assessments(workspace, today), today)
    fast = today_agenda(workspace, today)
    for name in LISTS:
        assert _keys(getattr(fast, name)) == _keys(getattr(full, name)), name
        assert fast.counts[name] == full.counts[name], name


def test_a_shown_limit_keeps_the_totals(workspace, today):
    demo_load(workspace=workspace, today=today)
    fast = today_agenda(workspace, today, shown=1)
    assert all(len(getattr(fast, name)) <= 1 for name in LISTS)
    assert fast.counts == today_agenda(workspace, today).counts


def _todo_and_meetings(workspace, days):
    """A lead with an undated to-do, a meeting next week, one last week, and an imported meeting."""
    from earnest.ledger.services.conversations import conversation_log
    from earnest.ledger.services.prospects import prospect_create
    from earnest.ledger.services.steps import next_step_add

    p = prospect_create(workspace=workspace, name="Orbit Freight", created_on=days(-40), domain="orbit.example")
    next_step_add(prospect=p, description="Find out who would fund this", owner="us", on=days(-3))
    next_step_add(prospect=p, description="Demo on their data", owner="both", on=days(-3), due=days(4))
    next_step_add(prospect=p, description="Call with their ops lead", owner="prospect", on=days(-9), due=days(-2))
    imported, _ = conversation_log(prospect=p, on=days(-5), notes="Quarterly sync")
    imported.external_id = "cal-uid-1@example"
    imported.save(update_fields=["external_id"])
    return p, imported


def test_undated_to_dos_meetings_ahead_and_meetings_past_are_listed(workspace, today, days):
    p, imported = _todo_and_meetings(workspace, days)
    result = today_agenda(workspace, today)
    assert [i.text for i in result.todos] == ["Find out who would fund this"]
    assert result.todos[0].on is None
    assert [i.text for i in result.to_prepare] == ["Demo on their data"]
    assert {(i.kind, i.ref) for i in result.to_debrief} == {
        ("debrief_step", p.next_steps.get(owner="prospect").pk),
        ("debrief_meeting", imported.pk),
    }
    # The imported meeting waits for its debrief; it is not also called a weak conversation.
    assert result.no_next_step == ()
    assert result.counts["to_debrief"] == 2 and result.counts["todos"] == 1


def test_a_debriefed_imported_meeting_leaves_the_list(workspace, today, days):
    from earnest.ledger.services.steps import next_step_add

    p, imported = _todo_and_meetings(workspace, days)
    next_step_add(prospect=p, conversation=imported, description="Send the pricing", owner="us", on=days(-5))
    assert "debrief_meeting" not in {i.kind for i in today_agenda(workspace, today).to_debrief}


def test_same_day_conversations_are_ordered_by_numeric_id():
    from datetime import date

    from earnest.domain.agenda import latest_conversation
    from earnest.domain.history import Conversation

    day = date(2026, 11, 20)
    talks = [Conversation(id=9, on=day), Conversation(id=10, on=day), Conversation(id=2, on=date(2026, 11, 21))]
    assert latest_conversation(talks[:2]).id == 10
    assert latest_conversation(talks).id == 2
