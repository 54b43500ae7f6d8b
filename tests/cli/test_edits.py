"""Fixing mistakes from the command line: edit, delete, duplicates and merge."""

import json

from earnest.ledger.models import AuditEvent, Contact, Conversation, NextStep, Prospect


def _add(cli, *args):
    result = cli(*args, "-f", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_a_duplicate_prospect_is_refused_with_exit_2_unless_allowed(cli):
    first = _add(cli, "prospect", "add", "Orbit Freight", "--domain", "orbit.example")
    refused = cli("prospect", "add", "orbit freight, Inc.")
    assert refused.exit_code == 2
    assert "Orbit Freight" in refused.output and f"earnest lead {first['id']}" in refused.output
    assert "--allow-duplicate" in refused.output
    by_domain = cli("prospect", "add", "Orbit Logistics", "--domain", "www.Orbit.example")
    assert by_domain.exit_code == 2 and "same domain orbit.example" in by_domain.output
    assert Prospect.objects.filter(name__icontains="orbit").count() == 1
    assert cli("prospect", "add", "Orbit Freight", "--allow-duplicate").exit_code == 0
    assert Prospect.objects.filter(name="Orbit Freight").count() == 2


def test_a_duplicate_contact_email_is_refused(cli):
    cli("prospect", "add", "Orbit Freight")
    cli("contact", "add", "Orbit Freight", "Priya Raman", "--email", "priya@orbit.example")
    refused = cli("contact", "add", "Orbit Freight", "P. Raman", "--email", "Priya@orbit.example")
    assert refused.exit_code == 2 and "same email" in refused.output
    assert cli("contact", "add", "Orbit Freight", "priya raman").exit_code == 2
    assert Contact.objects.count() == 1


def test_conversations_steps_commitments_and_contacts_can_be_edited_and_deleted(cli, today):
    cli("prospect", "add", "Orbit Freight", "--date", "-30d")
    contact = _add(cli, "contact", "add", "Orbit Freight", "Priya Raman")
    logged = _add(cli, "log", "Orbit Freight", "--notes", "Loved it", "--complimented")
    conversation = logged["conversation_id"]
    edited = _add(cli, "conversation", "edit", str(conversation), "--date", "-2d", "--no-complimented")
    assert edited["on"] == str(today.replace(day=today.day - 2)) and edited["outcome"] == "no_next_step"
    assert not Conversation.objects.get(pk=conversation).complimented

    step = _add(cli, "step", "add", "Orbit Freight", "Send the pricing", "--owner", "us")
    step_id = step["id"]
    assert _add(cli, "step", "edit", str(step_id), "--due", "+3d")["due"]
    assert _add(cli, "step", "edit", str(step_id), "--due", "none")["due"] is None

    ask = _add(cli, "commitment", "ask", "Orbit Freight", "--description", "Share one project", "--currency", "time")
    assert float(_add(cli, "commitment", "edit", str(ask["id"]), "--amount", "12k")["amount"]) == 12000

    assert _add(cli, "contact", "edit", str(contact["id"]), "--role", "budget_owner")["role"] == "budget_owner"
    assert cli("contact", "edit", str(contact["id"]), "--role", "boss").exit_code == 2

    for kind, ref in (
        ("step", step_id),
        ("commitment", ask["id"]),
        ("contact", contact["id"]),
        ("conversation", conversation),
    ):
        assert cli(kind, "delete", str(ref), "--yes").exit_code == 0, kind
    assert not NextStep.objects.exists() and not Conversation.objects.exists() and not Contact.objects.exists()
    deleted = set(AuditEvent.objects.filter(action="deleted").values_list("entity", flat=True))
    assert deleted == {"nextstep", "commitment", "contact", "conversation"}


def test_deleting_a_prospect_names_what_goes_with_it_and_asks_first(cli):
    cli("prospect", "add", "Orbit Freight")
    cli("contact", "add", "Orbit Freight", "Priya Raman")
    cli("log", "Orbit Freight", "--notes", "Intro call")
    answer_no = cli("prospect", "delete", "Orbit Freight", input="n\n")
    assert "1 contact and 1 conversation" in answer_no.output and answer_no.exit_code == 2
    assert Prospect.objects.filter(name="Orbit Freight").exists()
    assert cli("prospect", "delete", "Orbit Freight", input="y\n").exit_code == 0
    assert not Prospect.objects.exists() and not Contact.objects.exists()
    assert AuditEvent.objects.filter(entity="prospect", action="deleted", prospect=None).exists()


def test_merging_moves_everything_to_the_kept_prospect(cli):
    kept = _add(cli, "prospect", "add", "Orbit Freight")
    gone = _add(cli, "prospect", "add", "Orbit Freight GmbH", "--domain", "orbit.example", "--allow-duplicate")
    cli("contact", "add", str(gone["id"]), "Priya Raman")
    cli("log", str(gone["id"]), "--notes", "Intro call")
    merged = _add(cli, "prospect", "merge", str(kept["id"]), str(gone["id"]), "--yes")
    assert merged["moved"]["contacts"] == 1 and merged["moved"]["conversations"] == 1
    p = Prospect.objects.get()
    assert p.pk == kept["id"] and p.domain == "orbit.example"
    assert p.contacts.count() == 1 and p.conversations.count() == 1
    assert p.audit_events.filter(action="merged").exists()
    assert cli("prospect", "merge", str(kept["id"]), str(kept["id"]), "--yes").exit_code == 2
