import pytest

from earnest.domain.errors import DomainError
from earnest.ledger import models as m
from earnest.ledger.services import prospects as svc


def test_a_prospect_gets_the_ladder_it_asks_for(workspace, days):
    p = svc.prospect_create(workspace=workspace, name="  Acme  ", ladder="b2b", created_on=days(0),
                            domain="ACME.example")
    assert (p.name, p.ladder, p.domain) == ("Acme", "b2b", "acme.example")


def test_an_unknown_ladder_is_refused_and_nothing_is_saved(workspace, days):
    with pytest.raises(DomainError, match="no ladder 'sales'"):
        svc.prospect_create(workspace=workspace, name="Acme", ladder="sales", created_on=days(0))
    assert not m.Prospect.objects.exists()


def test_a_prospect_needs_a_name(workspace, days):
    with pytest.raises(DomainError, match="name is required"):
        svc.prospect_create(workspace=workspace, name="   ", created_on=days(0))


def test_closing_needs_a_listed_reason_and_a_note(prospect, days):
    with pytest.raises(DomainError, match="close reason 'bored'"):
        svc.prospect_close(prospect=prospect, reason="bored", note="x", on=days(0))
    with pytest.raises(DomainError, match="note is required"):
        svc.prospect_close(prospect=prospect, reason="no_budget", note=" ", on=days(0))
    svc.prospect_close(prospect=prospect, reason="no budget", note="Frozen until Q3", on=days(0))
    prospect.refresh_from_db()
    assert (prospect.close_reason, prospect.closed_on) == ("no_budget", days(0))


def test_parking_needs_a_later_date(prospect, days):
    with pytest.raises(DomainError, match="later date"):
        svc.prospect_park(prospect=prospect, reason="Budget freeze", until=days(0), on=days(0))
    svc.prospect_park(prospect=prospect, reason="Budget freeze", until=days(30), on=days(0))
    prospect.refresh_from_db()
    assert prospect.parked_until == days(30)


def test_reopening_clears_closure_and_parking(prospect, days):
    svc.prospect_close(prospect=prospect, reason="other", note="Merged", on=days(0))
    svc.prospect_reopen(prospect=prospect)
    prospect.refresh_from_db()
    assert not prospect.close_reason and prospect.closed_on is None


def test_a_contact_role_must_be_one_of_the_roles(prospect):
    with pytest.raises(DomainError, match="role 'ceo'"):
        svc.contact_add(prospect=prospect, name="Kim", role="ceo")
    c = svc.contact_add(prospect=prospect, name="Kim", role="decision maker", email="Kim@N.example")
    assert (c.role, c.email, c.workspace_id) == ("decision_maker", "kim@n.example", prospect.workspace_id)


def test_a_malformed_email_is_refused(prospect):
    with pytest.raises(DomainError, match="not an email address"):
        svc.contact_add(prospect=prospect, name="Kim", email="kim at example")


def test_classification_is_one_of_three(prospect, days):
    with pytest.raises(DomainError, match="classification"):
        svc.prospect_classify(prospect=prospect, classification="maybe", on=days(0))
    svc.prospect_classify(prospect=prospect, classification="not_a_prospect", on=days(0))
    prospect.refresh_from_db()
    assert prospect.classification == "not_a_prospect"
