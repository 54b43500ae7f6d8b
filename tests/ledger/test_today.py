from earnest.domain.agenda import LISTS, agenda
from earnest.ledger.selectors import lead_assessments
from earnest.ledger.services.demo import demo_load
from earnest.ledger.today import today_agenda


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
