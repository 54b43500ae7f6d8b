"""The coach salvages a weak meeting with what the notes offer, and makes 'no' easy after stalls."""

from datetime import date, timedelta

from earnest.domain.coach import debrief
from earnest.domain.findings import Finding
from earnest.domain.history import Conversation, ProspectHistory
from earnest.domain.ladder_files import builtin_ladders
from earnest.domain.notes_hints import NotesHints, hints_from
from earnest.domain.results import AdviceKind

TODAY = date(2026, 11, 23)
DISCOVERY = builtin_ladders()["discovery"]


def _hedge(text: str) -> Finding:
    return Finding("hedge", text, 0, len(text))


def _history(*conversations: Conversation) -> ProspectHistory:
    return ProspectHistory(
        id=1, name="Orbit", ladder="discovery", created_on=TODAY - timedelta(days=60), conversations=conversations
    )


def test_someone_they_might_loop_in_becomes_the_introduction_to_ask_for():
    hints = hints_from([_hedge("She might loop in her boss next month.")])
    assert hints.mentioned == "her boss" and hints.object_pronoun == "her"
    h = _history(Conversation(id=1, on=TODAY, hedged=True))
    salvage = debrief(h, DISCOVERY, 1, TODAY, hints).salvage
    assert salvage.wording == "You mentioned your boss. Could you introduce me to her this week?"
    assert salvage.rung == "intro_colleague"


def test_send_me_the_deck_becomes_twenty_minutes_with_their_data():
    hints = hints_from([_hedge("Said to send her the deck and she'll take a look.")])
    assert hints.wants_material
    salvage = debrief(_history(Conversation(id=1, on=TODAY, hedged=True)), DISCOVERY, 1, TODAY, hints).salvage
    assert "twenty minutes" in salvage.wording and "real cases" in salvage.wording


def test_after_two_stalls_the_coach_gives_permission_to_say_no_and_offers_park_or_close():
    h = _history(
        Conversation(id=1, on=TODAY - timedelta(days=20), hedged=True), Conversation(id=2, on=TODAY, hedged=True)
    )
    salvage = debrief(h, DISCOVERY, 2, TODAY, NotesHints(mentioned="her boss")).salvage
    assert salvage.actions == ("park", "close") and "close the file" in salvage.wording
    assert salvage.kind is AdviceKind.SALVAGE


def test_plain_praise_offers_no_hint():
    assert hints_from([Finding("compliment", "Great product, love it!", 0, 23)]) == NotesHints()


def test_praise_in_answer_to_our_ask_is_a_stall_but_praise_alone_is_not():
    from earnest.domain.findings import flags_for

    praise = Finding("compliment", "She said it looks amazing.", 40, 66)
    ask = Finding("our_ask", "I asked her for an intro to the CFO", 0, 36)
    assert flags_for([ask, praise])["hedged"]
    assert not flags_for([praise])["hedged"]
    assert not flags_for([ask, praise, Finding("commitment", "She agreed.", 70, 81)])["hedged"]


def test_a_reading_too_unsure_to_tick_flags_nothing():
    from earnest.domain.findings import flags_for

    unsure = Finding("hedge", "he agreed we call him every two months", 0, 39, confidence=0.06)
    assert not flags_for([unsure])["hedged"]
    assert flags_for([Finding("hedge", "keep me posted", 0, 14, confidence=0.9)])["hedged"]
