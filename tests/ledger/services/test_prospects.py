import pytest

from earnest.domain.errors import DomainError
from earnest.ledger import models as m
from earnest.ledger.services import prospects as svc


def test_a_prospect_gets_the_ladder_it_asks_for(workspace, days):
    p = svc.prospect_create(
        workspace=workspace, name="  Acme  ", ladder="b2b", created_on=days(0), domain="ACME.example"
    )
    assert (p.name, p.ladder, p.domain) == ("Acme", "b2b", "acme.example")


def test_an_unknown_ladder_is_refused_and_nothing_is_saved(workspace, days):
    with pytest.raises(DomainError, match="no ladder 'sales'"):
        svc.prospect_create(workspace=workspace, name="Acme", ladder="sales", created_on=days(0))
    assert not m.Prospect.objects.exists()


def test_a_web_address_is_stored_as_its_domain(workspace, days):
    p = svc.prospect_create(workspace=workspace, name="Acme", created_on=days(0), domain="https://www.acme.com/")
    assert p.domain == "acme.com"
    assert svc.prospect_update(prospect=p, domain="http://Globex.example/x").domain == "globex.example"


@pytest.mark.parametrize("domain", ["not a domain", "http://x"])
def test_what_is_no_domain_is_refused_and_nothing_is_saved(workspace, days, domain):
    with pytest.raises(DomainError, match=f"domain '{domain}' is not a domain name"):
        svc.prospect_create(workspace=workspace, name="Acme", created_on=days(0), domain=domain)
    assert not m.Prospect.objects.exists()
    p = svc.prospect_create(workspace=workspace, name="Acme", created_on=days(0), domain="acme.com")
    with pytest.raises(DomainError, match="is not a domain name"):
        svc.prospect_update(prospect=p, domain=domain)
    assert m.Prospect.objects.get(pk=p.pk).domain == "acme.com"


def test_a_domain_stored_before_domains_were_checked_does_not_block_other_edits(workspace, days):
    p = svc.prospect_create(workspace=workspace, name="Acme", created_on=days(0))
    m.Prospect.objects.filter(pk=p.pk).update(domain="intranet")
    p.refresh_from_db()
    edited = svc.prospect_update(prospect=p, owner="Ana")
    assert (edited.owner, edited.domain) == ("Ana", "intranet")
    with pytest.raises(DomainError, match="is not a domain name"):
        svc.prospect_update(prospect=edited, domain="intranet2")


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


def _actions(prospect) -> list[str]:
    return list(prospect.audit_events.filter(entity="prospect").order_by("pk").values_list("action", flat=True))


def test_closing_a_closed_lead_is_refused_and_keeps_its_note(prospect, days):
    svc.prospect_close(prospect=prospect, reason="competitor", note="Chose a bigger vendor", on=days(-2))
    with pytest.raises(DomainError, match=f"already closed on {days(-2)}; reopen it first"):
        svc.prospect_close(prospect=prospect, reason="other", note="Overwritten", on=days(0))
    prospect.refresh_from_db()
    assert (prospect.close_reason, prospect.close_note) == ("competitor", "Chose a bigger vendor")
    assert _actions(prospect) == ["created", "closed"]


def test_a_closed_lead_cannot_be_parked_until_it_is_reopened(prospect, days):
    svc.prospect_close(prospect=prospect, reason="other", note="Merged", on=days(-1))
    with pytest.raises(DomainError, match="reopen it before parking"):
        svc.prospect_park(prospect=prospect, reason="Budget", until=days(30), on=days(0))
    svc.prospect_reopen(prospect=prospect)
    svc.prospect_park(prospect=prospect, reason="Budget", until=days(30), on=days(0))
    assert _actions(prospect) == ["created", "closed", "reopened", "parked"]


def test_reopening_a_lead_that_is_neither_closed_nor_parked_is_refused(prospect, days):
    with pytest.raises(DomainError, match="neither closed nor parked"):
        svc.prospect_reopen(prospect=prospect)
    svc.prospect_park(prospect=prospect, reason="Budget", until=days(30), on=days(0))
    svc.prospect_reopen(prospect=prospect)
    prospect.refresh_from_db()
    assert prospect.parked_until is None


def test_a_close_or_park_dated_in_the_future_is_refused(prospect, days):
    from datetime import timedelta

    from django.utils import timezone

    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(DomainError, match="in the future"):
        svc.prospect_close(prospect=prospect, reason="other", note="Later", on=tomorrow)
    with pytest.raises(DomainError, match="in the future"):
        svc.prospect_park(prospect=prospect, reason="Budget", until=tomorrow + timedelta(days=9), on=tomorrow)
    with pytest.raises(DomainError, match="in the future"):
        svc.prospect_close(prospect=prospect, reason="other", note="Later", on=days(1), today=days(0))
    svc.prospect_close(prospect=prospect, reason="other", note="Now", on=days(0), today=days(0))


def test_a_contact_is_found_by_first_name_or_any_unique_prefix_of_a_word(prospect):
    priya = svc.contact_add(prospect=prospect, name="Priya Raman", email="priya@n.example")
    kim = svc.contact_add(prospect=prospect, name="Kim Rao")
    for ref in ("Priya", "priya raman", " PRIYA  RAMAN ", "pri", "Raman", "ram", "priya@n.example", str(priya.pk)):
        assert svc.contact_find(prospect=prospect, ref=ref) == priya, ref
    assert svc.contact_find(prospect=prospect, ref="kim") == kim
    with pytest.raises(DomainError, match=r"'Ra' could be any of Priya Raman \(id \d+\), Kim Rao \(id \d+\)"):
        svc.contact_find(prospect=prospect, ref="Ra")
    with pytest.raises(DomainError, match="has no contact 'Lee'"):
        svc.contact_find(prospect=prospect, ref="Lee")
