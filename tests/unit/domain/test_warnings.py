from earnest.domain import Role, StepOwner, WarningKind, lead_warnings, stage

from .builders import DISCOVERY, TODAY, agreed, fulfilled, history, people, step, talk


def kinds(h, ladder=DISCOVERY):
    return {w.kind for w in lead_warnings(h, ladder, TODAY, stage(h, ladder, TODAY))}


def test_one_contact_is_single_threaded_once_there_is_a_conversation():
    assert WarningKind.SINGLE_THREADED in kinds(history(contacts=people(Role.CHAMPION), conversations=(talk(),)))
    assert WarningKind.SINGLE_THREADED not in kinds(history(contacts=people(Role.CHAMPION)))
    two = people(Role.CHAMPION, Role.USER)
    assert WarningKind.SINGLE_THREADED not in kinds(history(contacts=two, conversations=(talk(),)))


def test_no_decision_maker_once_on_the_ladder():
    on_ladder = (agreed(1, "follow_up_agenda", on=-2),)
    assert WarningKind.NO_DECISION_MAKER in kinds(history(contacts=people(Role.USER), commitments=on_ladder))
    assert WarningKind.NO_DECISION_MAKER not in kinds(history(contacts=people(Role.USER)))
    signer = people(Role.USER, Role.BUDGET_OWNER)
    assert WarningKind.NO_DECISION_MAKER not in kinds(history(contacts=signer, commitments=on_ladder))


def test_two_unanswered_messages_in_a_row_is_ghosting():
    ghosted = (
        talk(1, -20),
        talk(2, -10, outreach_unanswered=True),
        talk(3, -5, outreach_unanswered=True),
    )
    assert WarningKind.GHOSTED in kinds(history(conversations=ghosted))
    answered = (
        talk(1, -20, outreach_unanswered=True),
        talk(2, -10, outreach_unanswered=True),
        talk(3, -5),
    )
    assert WarningKind.GHOSTED not in kinds(history(conversations=answered))


def test_an_open_step_past_its_due_date_is_overdue():
    assert WarningKind.OVERDUE_NEXT_STEP in kinds(history(next_steps=(step(due=-1),)))
    assert WarningKind.OVERDUE_NEXT_STEP not in kinds(history(next_steps=(step(due=0),)))


def test_stalled_in_rung_uses_the_rungs_own_threshold():
    # intro_colleague allows 21 days, trial_real_data 30.
    assert WarningKind.STALLED_IN_RUNG in kinds(history(commitments=(fulfilled(1, "intro_colleague", on=-22),)))
    assert WarningKind.STALLED_IN_RUNG not in kinds(history(commitments=(fulfilled(1, "trial_real_data", on=-22),)))
    assert WarningKind.STALLED_IN_RUNG not in kinds(history(commitments=(fulfilled(1, "intro_colleague", on=-21),)))


def test_a_future_dated_step_with_the_prospect_keeps_a_rung_from_stalling():
    commitments = (fulfilled(1, "intro_colleague", on=-60),)
    assert WarningKind.STALLED_IN_RUNG not in kinds(history(commitments=commitments, next_steps=(step(due=3),)))
    ours = step(due=3, owner=StepOwner.US)
    assert WarningKind.STALLED_IN_RUNG in kinds(history(commitments=commitments, next_steps=(ours,)))
