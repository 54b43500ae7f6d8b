import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from earnest.domain.errors import DomainError
from earnest.ledger.reads.selectors import lead_assessments, prospect_get, prospect_histories
from earnest.ledger.services.conversations import AskInput, StepInput, conversation_log
from earnest.ledger.services.prospects import contact_add, evidence_add, prospect_create


def _populate(workspace, days, count):
    for i in range(count):
        p = prospect_create(workspace=workspace, name=f"Prospect {i}", created_on=days(-30))
        c = contact_add(prospect=p, name=f"Person {i}", role="champion")
        conversation_log(
            prospect=p,
            on=days(-10),
            contacts=[c],
            ask=AskInput(answer="agreed", rung="intro_colleague", due=days(5)),
            next_step=StepInput("Intro", "both", days(5)),
        )
        evidence_add(prospect=p, criterion="has_problem", on=days(-10))


def _queries(workspace, today):
    with CaptureQueriesContext(connection) as ctx:
        lead_assessments(workspace, today)
    return len(ctx.captured_queries)


def test_assessing_a_workspace_takes_the_same_queries_for_3_or_12_prospects(workspace, days, today):
    _populate(workspace, days, 3)
    few = _queries(workspace, today)
    _populate(workspace, days, 9)
    assert _queries(workspace, today) == few
    assert few <= 9


def test_histories_carry_every_table(workspace, days):
    _populate(workspace, days, 1)
    (history,) = prospect_histories(workspace)
    assert len(history.contacts) == 1 and len(history.conversations) == 1
    assert history.conversations[0].contact_ids == (history.contacts[0].id,)
    assert history.commitments[0].status.value == "agreed"
    assert history.next_steps[0].due == days(5)
    assert history.evidence[0].criterion.value == "has_problem"


def test_a_workspace_never_sees_another_workspaces_prospects(workspace, other_workspace, days, today):
    _populate(workspace, days, 2)
    assert prospect_histories(other_workspace) == []
    assert lead_assessments(other_workspace, today) == []
    theirs = prospect_create(workspace=other_workspace, name="Secret", created_on=days(0))
    with pytest.raises(DomainError):
        prospect_get(workspace, theirs.pk)
    with pytest.raises(DomainError):
        prospect_get(workspace, "Secret")


def test_a_prospect_is_found_by_id_or_name_but_not_an_ambiguous_name(workspace, days):
    a = prospect_create(workspace=workspace, name="Acme", created_on=days(0))
    assert prospect_get(workspace, str(a.pk)) == a
    assert prospect_get(workspace, "ACME") == a
    prospect_create(workspace=workspace, name="acme", created_on=days(0))
    with pytest.raises(DomainError, match="more than one"):
        prospect_get(workspace, "Acme")


def test_an_agreed_commitment_makes_a_real_lead(workspace, days, today):
    _populate(workspace, days, 1)
    ((_, assessment),) = lead_assessments(workspace, today)
    assert assessment.verdict.value == "real"
    assert assessment.reasons
