"""The debrief: notes analyzed into offers, the outcome computed (not chosen), advanced needs a dated step."""

import re

import pytest

from earnest.ledger.models import Commitment, Conversation, Evidence, NextStep

pytestmark = pytest.mark.django_db

NOTES = (
    "Met Priya. She loved the demo and said it looks great. Priya agreed to share last month's invoices "
    "by Friday. We will do a working session next Tuesday at 10:00 with her and Marcus. They worry it is "
    "too expensive for this year."
)


def _offers(prospect, notes, today):
    from earnest.ledger.services.findings import notes_read

    return notes_read(prospect=prospect, notes=notes, on=today).offers


def _url(ws_url, prospect, suffix=""):
    return ws_url(f"prospects/{prospect.pk}/debrief/{suffix}")


def _form(today, **changes):
    data = {"on": today.isoformat(), "channel": "meeting", "notes": "", "answer": "", "step_owner": "both"}
    data.update(changes)
    return data


def test_it_highlights_the_notes_and_offers_the_findings(owner_client, prospect, today, ws_url):
    response = owner_client.post(_url(ws_url, prospect, "analyze/"), _form(today, notes=NOTES), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<mark class="sig sig-compliment' in html
    assert 'name="accepted" value="commitment:' in html
    assert 'name="accepted" value="objection:' in html
    # The praise ticks the flag, so the preview (sent out of band) already reads complimented.
    assert 'name="complimented" id="id_complimented" checked' in html or "checked" in html
    assert 'id="outcome-preview"' in html


def test_it_shows_why_a_complimented_meeting_failed_and_a_salvage_ask(owner_client, prospect, today, ws_url):
    response = owner_client.post(
        _url(ws_url, prospect, "preview/"), _form(today, complimented="on"), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "Complimented" in html
    assert "Why this is not a good meeting" in html
    assert "Salvage it" in html


def test_it_refuses_an_advanced_meeting_without_a_dated_next_step_and_keeps_the_input(
    owner_client, prospect, today, ws_url
):
    data = _form(
        today,
        notes="They said yes.",
        answer="agreed",
        ask_text="Share one real project",
        ask_rung="shares_project_data" if False else "",
        ask_currencies="time",
        step_description="Working session",
    )
    response = owner_client.post(_url(ws_url, prospect), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "needs a concrete next step with a date" in html
    assert "Share one real project" in html and "They said yes." in html and 'value="Working session"' in html
    assert not Conversation.objects.filter(prospect=prospect).exists()


def test_it_saves_an_advanced_meeting_with_the_accepted_findings(owner_client, prospect, today, ws_url, days):
    offers = [o for o in _offers(prospect, NOTES, today) if o.kind in ("commitment", "objection")]
    accepted = [o.key for o in offers]
    data = _form(
        today,
        notes=NOTES,
        answer="agreed",
        ask_text="Share last month's invoices",
        ask_currencies="time",
        ask_due=days(4).isoformat(),
        step_description="Working session",
        step_due=days(1).isoformat(),
        complimented="on",
        accepted=accepted,
    )
    response = owner_client.post(_url(ws_url, prospect), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    conversation = Conversation.objects.get(prospect=prospect)
    assert conversation.outcome == "advanced"
    # the ask they agreed to, and every commitment the analyzer found and the user accepted
    found = sum(o.kind == "commitment" for o in offers)
    assert found >= 1
    assert Commitment.objects.filter(conversation=conversation, status="agreed").count() == 1 + found
    assert NextStep.objects.filter(
        conversation=conversation, owner="us", description__startswith="Answer their objection"
    ).exists()
    page = owner_client.get(response.url).content.decode()
    assert "Advanced" in page


def test_it_records_accepted_evidence(owner_client, prospect, today, ws_url):
    notes = "Today they reconcile invoices by hand in a spreadsheet, and it takes two people every Monday."
    evidence = [o.key for o in _offers(prospect, notes, today) if o.kind in ("problem", "workaround", "budget")]
    response = owner_client.post(_url(ws_url, prospect), _form(today, notes=notes, accepted=evidence))
    assert response.status_code == 302
    assert Evidence.objects.filter(prospect=prospect).count() >= len(evidence)


def test_it_refuses_stale_findings_after_the_notes_changed(owner_client, prospect, today, ws_url):
    response = owner_client.post(_url(ws_url, prospect), _form(today, notes="Nothing.", accepted=["commitment:0:10"]))
    assert response.status_code == 400
    assert "analyze them again" in response.content.decode()


def test_it_carries_the_prepared_ask_into_the_form(owner_client, prospect, ws_url):
    response = owner_client.get(_url(ws_url, prospect) + "?ask=Could+we+meet+your+boss%3F&rung=follow_up_agenda")
    html = response.content.decode()
    assert "Could we meet your boss?" in html
    assert '<option value="follow_up_agenda" selected>' in html


def test_a_missing_budget_is_offered_as_a_question_for_us_not_as_evidence(owner_client, prospect, today, ws_url):
    from earnest.ledger.models import Evidence

    notes = "They liked the demo. Budget? Not this year."
    offers = _offers(prospect, notes, today)
    missing = [o.key for o in offers if o.kind == "no_budget"]
    assert missing, offers
    html = owner_client.post(
        _url(ws_url, prospect, "analyze/"), _form(today, notes=notes), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert f'name="accepted" value="{missing[0]}"' in html
    response = owner_client.post(_url(ws_url, prospect), _form(today, notes=notes, accepted=missing))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert NextStep.objects.filter(
        prospect=prospect, owner="us", description__startswith="Find out who would fund this"
    ).exists()
    assert not Evidence.objects.filter(prospect=prospect).exists()


def _prepare(owner_client, ws_url, prospect, today, ask="Share one real project by Friday", rung="trial_real_data"):
    response = owner_client.post(
        ws_url(f"prospects/{prospect.pk}/prep/"), {"ask": ask, "rung": rung, "on": today.isoformat()}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Commitment.objects.get(prospect=prospect, status="asked")


def test_prepare_saves_the_ask_and_the_debrief_carries_it_in(owner_client, prospect, today, ws_url):
    planned = _prepare(owner_client, ws_url, prospect, today)
    assert planned.asked_on == today and planned.rung == "trial_real_data" and planned.conversation is None
    html = owner_client.get(_url(ws_url, prospect)).content.decode()
    assert "Share one real project by Friday" in html and 'data-testid="planned-ask"' in html
    assert f'name="planned_ask_id" value="{planned.pk}"' in html
    assert "I didn&#x27;t ask after all" in html or "I didn't ask after all" in html


def test_preparing_again_replaces_the_plan(owner_client, prospect, today, ws_url):
    _prepare(owner_client, ws_url, prospect, today, ask="First idea")
    _prepare(owner_client, ws_url, prospect, today, ask="Better idea")
    assert list(Commitment.objects.filter(prospect=prospect).values_list("description", flat=True)) == ["Better idea"]


def test_with_a_prepared_ask_their_answer_is_required(owner_client, prospect, today, ws_url):
    planned = _prepare(owner_client, ws_url, prospect, today)
    page = owner_client.get(_url(ws_url, prospect)).content.decode()
    label = page[page.index("Their answer to the ask you prepared") :][:120]
    assert "(optional)" not in label, label
    response = owner_client.post(
        _url(ws_url, prospect),
        _form(
            today, notes="Nice chat.", ask_text=planned.description, ask_rung=planned.rung, planned_ask_id=planned.pk
        ),
    )
    assert response.status_code == 400
    assert "say how they answered it" in response.content.decode()
    assert not Conversation.objects.filter(prospect=prospect).exists()


def test_a_hedged_answer_to_the_prepared_ask_is_a_soft_no_not_unasked(owner_client, prospect, today, ws_url):
    from earnest.ledger.reads.selectors import lead_assessment

    planned = _prepare(owner_client, ws_url, prospect, today)
    response = owner_client.post(
        _url(ws_url, prospect),
        _form(
            today,
            notes="They said send me an email.",
            answer="hedged",
            ask_text=planned.description,
            ask_rung=planned.rung,
            planned_ask_id=planned.pk,
            hedged="on",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    conversation = Conversation.objects.get(prospect=prospect)
    assert conversation.ask_answer == "hedged" and conversation.planned_ask == planned.description
    assert conversation.outcome == "hedged"
    assert not Commitment.objects.filter(pk=planned.pk).exists()
    _, assessment = lead_assessment(prospect.workspace, prospect, today)
    assert assessment.verdict.value == "zombie"


def test_an_agreed_answer_moves_the_prepared_ask_itself(owner_client, prospect, today, ws_url, days):
    planned = _prepare(owner_client, ws_url, prospect, today)
    response = owner_client.post(
        _url(ws_url, prospect),
        _form(
            today,
            notes="",
            answer="agreed",
            ask_text=planned.description,
            ask_rung=planned.rung,
            planned_ask_id=planned.pk,
            ask_due=days(4).isoformat(),
            step_description="Review their data together",
            step_due=days(4).isoformat(),
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    planned.refresh_from_db()
    conversation = Conversation.objects.get(prospect=prospect)
    assert planned.status == "agreed" and planned.conversation_id == conversation.pk and planned.due == days(4)
    assert Commitment.objects.filter(prospect=prospect).count() == 1


def test_not_asking_after_all_removes_the_plan(owner_client, prospect, today, ws_url):
    planned = _prepare(owner_client, ws_url, prospect, today)
    response = owner_client.post(
        _url(ws_url, prospect),
        _form(
            today,
            notes="Only talked about their week.",
            answer="not_asked",
            ask_text=planned.description,
            ask_rung=planned.rung,
            planned_ask_id=planned.pk,
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    conversation = Conversation.objects.get(prospect=prospect)
    assert conversation.ask_answer == "" and not Commitment.objects.filter(prospect=prospect).exists()


def test_confident_findings_start_ticked_and_the_outcome_agrees(owner_client, prospect, today, ws_url):
    notes = "Priya agreed to share last month's invoices by Friday, and booked a review call for Tuesday 10am."
    html = owner_client.post(
        _url(ws_url, prospect, "analyze/"), _form(today, notes=notes), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert re.search(r'name="accepted" value="commitment:[^"]+" checked', html)
    assert 'data-testid="outcome">Advanced' in html


def test_a_transcript_upload_becomes_the_notes_with_our_lines_set_apart(owner_client, prospect, today, ws_url):
    from django.core.files.uploadedfile import SimpleUploadedFile

    vtt = (
        b"WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Sam Lee>I'll send you the pricing sheet by Friday.</v>\n\n"
        b"00:00:05.000 --> 00:00:09.000\n<v Dana Ortiz>I agreed to share last quarter's shipment data "
        b"with you by Friday.</v>\n"
    )
    data = _form(today, me="Sam")
    data["transcript"] = SimpleUploadedFile("call.vtt", vtt, content_type="text/vtt")
    html = owner_client.post(_url(ws_url, prospect, "analyze/"), data, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="debrief-notes" hx-swap-oob="true"' in html
    assert "Dana Ortiz: I agreed to share last quarter" in html
    offers = re.findall(r'<label class="offer"[^>]*data-kind="commitment"[\s\S]*?</label>', html)
    assert offers and all("pricing sheet" not in o for o in offers)


def test_a_broken_transcript_is_refused_in_place(owner_client, prospect, today, ws_url):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = _form(today)
    data["transcript"] = SimpleUploadedFile("call.vtt", b"\x00\x01\x02", content_type="text/vtt")
    html = owner_client.post(_url(ws_url, prospect), {**data, "action": "analyze"}).content.decode()
    assert "binary file, not a transcript" in html


def test_debriefing_the_meeting_today_listed_ends_its_step(owner_client, prospect, today, ws_url, days):
    from earnest.ledger.services.steps import next_step_add

    step = next_step_add(prospect=prospect, description="Call with Priya", on=days(-5), owner="both", due=days(-1))
    html = owner_client.get(_url(ws_url, prospect) + f"?step={step.pk}").content.decode()
    assert f'name="step_id" value="{step.pk}"' in html
    response = owner_client.post(
        _url(ws_url, prospect), _form(days(-1), notes="Good chat about their week.", step_id=step.pk)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    step.refresh_from_db()
    assert step.result == "yes"


def test_debriefing_an_imported_meeting_replaces_the_empty_import(owner_client, prospect, today, ws_url, days):
    from earnest.ledger.services.conversations import conversation_log

    stub, _ = conversation_log(prospect=prospect, on=days(-2), channel="video")
    stub.external_id = "ics:meeting-1"
    stub.save(update_fields=["external_id"])
    html = owner_client.get(_url(ws_url, prospect) + f"?conversation={stub.pk}").content.decode()
    assert f'name="conversation_id" value="{stub.pk}"' in html
    response = owner_client.post(
        _url(ws_url, prospect),
        _form(days(-2), channel="video", notes="They said no.", rejected="on", conversation_id=stub.pk),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    (only,) = Conversation.objects.filter(prospect=prospect)
    assert only.pk != stub.pk and only.external_id == "ics:meeting-1" and only.rejected
