"""Commitments written in notes land on the rung their words name, and on no rung when none fits."""

import pytest

from earnest.domain.errors import LadderFileError
from earnest.domain.ladder_files import builtin_ladders, ladder_from_toml
from earnest.domain.rung_match import cue_fits, cue_rung, rung_for


@pytest.mark.parametrize(
    ("ladder", "text", "currencies", "rung"),
    [
        ("b2b", "She also agreed to share last quarter's shipment data", ["time"], "shares_project_data"),
        ("b2b", "booked a 45-min call with him for next Tuesday 10am", ["time"], "attention"),
        ("b2b", "Agreed to a paid pilot, $5,000 for 3 months", ["money"], "limited_paid_pilot"),
        ("b2b", "agreed to run a pilot in January", ["time"], "evaluation_effort"),
        ("b2b", "They signed the annual contract", ["money"], "annual_license"),
        ("b2b", "OK to use their logo on our site", ["reputation"], "reference_logo"),
        ("b2b", "Happy to do a case study once live", ["reputation"], "case_study"),
        ("discovery", "Dana introduced me by email to Raj, their CFO", ["reputation"], "intro_decision_maker"),
        ("discovery", "She'll loop in her colleague from ops", ["reputation"], "intro_colleague"),
        ("discovery", "Deposit of 10% received, balance due on delivery", ["money"], "deposit"),
        ("discovery", "Signed the LOI today", ["reputation"], "letter_of_intent"),
        ("micro", "Agreed to a quick 10 min call Thursday", ["time"], "short_call"),
        ("micro", "Happy to review the proposal by Friday", ["time"], "proposal_review"),
        # paying for a pilot names the money itself; an old customer said in passing is one
        ("b2b", "We're not paying for a pilot", ["time"], "limited_paid_pilot"),
        ("b2b", "one of our oldest customers", ["money"], "annual_license"),
        ("micro", "one of our best clients", ["money"], "purchase"),
    ],
)
def test_a_commitment_lands_on_the_rung_its_words_name(ladder, text, currencies, rung):
    found = rung_for(text, builtin_ladders()[ladder], currencies)
    assert found is not None and found.key == rung


@pytest.mark.parametrize(
    ("ladder", "text"),
    [
        ("b2b", "Dana introduced me by email to Raj, their CFO"),  # b2b has no introduction rung
        ("micro", "They signed the NDA"),  # a signature is no purchase without money
        ("discovery", "Lovely weather in Leeds"),
    ],
)
def test_no_fit_means_no_rung(ladder, text):
    assert rung_for(text, builtin_ladders()[ladder], ["time"]) is None


def test_a_pilot_is_paid_only_when_money_is_named():
    b2b = builtin_ladders()["b2b"]
    assert rung_for("agreed to a pilot", b2b, ["time"]).key == "evaluation_effort"
    assert rung_for("agreed to a pilot", b2b, ["money"]).key == "limited_paid_pilot"


def test_cue_slots_match_beginnings_of_different_words_in_any_order():
    assert cue_fits("introduc|loop cfo|boss", ["she", "introduced", "me", "to", "the", "cfo"])
    assert cue_fits("pilot paid", ["pilot", "invoice", "paid"])
    assert not cue_fits("paid paid", ["paid", "pilot"])
    assert not cue_fits("introduc|loop cfo|boss", ["she", "introduced", "me", "to", "sales"])


def test_a_rung_with_more_fitting_cues_wins_a_tie():
    discovery = builtin_ladders()["discovery"]
    assert rung_for("paid the $8,000 pilot invoice on Friday", discovery, ["money"]).key == "paid_pilot"


def test_a_custom_ladder_brings_its_own_cues():
    text = """key = "clinic"
name = "Clinic"
[[rungs]]
key = "site_visit"
label = "Let us visit the ward"
currencies = ["time"]
weight = 2
cues = ["visit|tour ward|clinic|site"]
"""
    ladder = ladder_from_toml(text)
    assert rung_for("They agreed to a tour of the ward on Monday", ladder, ["time"]).key == "site_visit"
    assert rung_for("They agreed to a call", ladder, ["time"]) is None


def test_cues_must_be_a_list_of_phrases():
    bad = (
        'key = "x"\nname = "X"\n[[rungs]]\nkey = "a"\nlabel = "A"\ncurrencies = ["time"]\nweight = 1\ncues = "visit"\n'
    )
    with pytest.raises(LadderFileError, match="cues of rung 'a' must be a list"):
        ladder_from_toml(bad)


@pytest.mark.parametrize(
    ("ladder", "text", "rung"),
    [
        ("micro", "signed herself up for our weekly tips right there", "receives_information"),
        ("micro", "sat through the full hour walkthrough", "solution_discussion"),
    ],
)
def test_the_learned_model_names_rungs_the_cues_do_not_know(ladder, text, rung):
    found = builtin_ladders()[ladder]
    assert cue_rung(text, found, ["time"]) is None
    assert rung_for(text, found, ["time"]).key == rung


def test_a_longer_cue_narrows_the_rung_the_model_chose():
    discovery = builtin_ladders()["discovery"]
    assert rung_for("He looped in their CEO by email", discovery, ["reputation"]).key == "intro_decision_maker"
    assert rung_for("He looped in a colleague from dispatch", discovery, ["reputation"]).key == "intro_colleague"


def test_the_model_only_chooses_among_the_ladders_own_rungs():
    from earnest.domain.ladders import Ladder

    b2b = builtin_ladders()["b2b"]
    trimmed = Ladder(b2b.key, b2b.name, tuple(r for r in b2b.rungs if r.key != "reference_logo"))
    found = rung_for("OK to use their logo on our site", trimmed, ["reputation"])
    assert found is None or found.key != "reference_logo"


def test_a_rung_marked_cues_only_is_never_guessed_by_the_model():
    b2b = builtin_ladders()["b2b"]
    assert b2b.rung("refers_others").cues_only
    assert rung_for("Dana introduced me by email to Raj, their CFO", b2b, ["reputation"]) is None
    # its own words still place a commitment on it
    found = rung_for("He introduced us to two other firms in his network", b2b, ["reputation"])
    assert found is not None and found.key == "refers_others"


def test_cues_only_must_be_true_or_false():
    text = (
        'key = "mine"\nname = "Mine"\n[[rungs]]\nkey = "a"\nlabel = "A"\ncurrencies = ["time"]\nweight = 1\n'
        'cues_only = "yes"\n'
    )
    with pytest.raises(LadderFileError, match="cues_only must be true or false"):
        ladder_from_toml(text)


def test_for_roles_must_name_known_roles():
    text = (
        'key = "mine"\nname = "Mine"\n[[rungs]]\nkey = "a"\nlabel = "A"\ncurrencies = ["time"]\nweight = 1\n'
        'for_roles = ["boss"]\n'
    )
    with pytest.raises(LadderFileError, match="for_roles of rung 'a' must be a list of"):
        ladder_from_toml(text)


@pytest.mark.parametrize(
    "text",
    [
        "I've also passed your name to two peers at Delmont Distribution; they're expecting your email.",
        "He'll also give my number to Dwayne Fox at Fox Refrigeration, 'he's got the same mess'",
        "I'm going to tell their maintenance lead, Yusuf, to call you before they sign anything.",
        "I've also mentioned you to Rhea Castillo, Controller at Oakmont Health; she is expecting your email.",
        "Mentioned us to 2 peers at the regional water forum last wk.",
        "He recommended us to the Geschäftsführer of Elektro Maier in Rosenheim.",
    ],
)
def test_the_ways_of_sending_someone_outside_the_firm_to_us_are_a_referral(text):
    found = rung_for(text, builtin_ladders()["b2b"], ["reputation"])
    assert found is not None and found.key == "refers_others"


def test_giving_us_their_own_number_is_no_referral():
    found = rung_for("She gave me her number and asked me to call Tuesday.", builtin_ladders()["b2b"], ["time"])
    assert found is None or found.key != "refers_others"


def test_an_introduction_to_someone_at_another_firm_is_a_referral():
    from earnest.domain.ladder_files import builtin_ladders

    b2b = builtin_ladders()["b2b"]
    said = "she also introduced me over email to her old boss at Harwick Rail, now their CFO"
    assert rung_for(said, b2b, ("reputation",)).key == "refers_others"
    assert rung_for("he gave your email to the CTO of a sister company", b2b, ("reputation",)).key == "refers_others"


@pytest.mark.parametrize(
    "text",
    [
        "Will send the deck and our pricing anyway",
        "Procurement will send the purchase order next week",
        "She'll send the draft post copy by Friday for us to approve",
    ],
)
def test_what_the_same_verbs_carry_that_is_no_project_data_is_not_shared_data(text):
    b2b = builtin_ladders()["b2b"]
    assert b2b.rung("shares_project_data").not_cues
    found = rung_for(text, b2b, ["time", "reputation"])
    assert found is None or found.key != "shares_project_data"


def test_a_data_cue_of_its_own_still_places_a_commitment_beside_a_not_cue():
    found = rung_for(
        "She'll send the shipment spreadsheet and the deck by Friday", builtin_ladders()["b2b"], ["time", "reputation"]
    )
    assert found is not None and found.key == "shares_project_data"


def test_a_custom_ladder_may_list_not_cues():
    text = (
        'key = "mine"\nname = "Mine"\n[[rungs]]\nkey = "visit"\nlabel = "Site visit"\ncurrencies = ["time"]\n'
        'weight = 1\ncues = ["visit", "site visit"]\nnot_cues = ["website"]\n'
    )
    mine = ladder_from_toml(text)
    assert mine.rung("visit").not_cues == ("website",)
    assert rung_for("They booked a visit to the plant on Tuesday", mine, ["time"]).key == "visit"
    assert rung_for("They will visit our website", mine, ["time"]) is None
    assert rung_for("They will visit our website, then a site visit Tuesday", mine, ["time"]).key == "visit"


def test_not_cues_must_be_a_list_of_phrases():
    text = (
        'key = "mine"\nname = "Mine"\n[[rungs]]\nkey = "a"\nlabel = "A"\ncurrencies = ["time"]\nweight = 1\n'
        "not_cues = [1, 2]\n"
    )
    with pytest.raises(LadderFileError, match="not_cues of rung 'a' must be a list of phrases"):
        ladder_from_toml(text)


def test_a_not_cue_of_nothing_but_the_money_mark_is_refused():
    text = (
        'key = "mine"\nname = "Mine"\n[[rungs]]\nkey = "a"\nlabel = "A"\ncurrencies = ["time"]\nweight = 1\n'
        'not_cues = ["$"]\n'
    )
    with pytest.raises(LadderFileError, match="not_cues of rung 'a' must each name a word"):
        ladder_from_toml(text)


def test_a_one_word_money_cue_does_not_survive_a_not_cue():
    text = (
        'key = "mine"\nname = "Mine"\n[[rungs]]\nkey = "a"\nlabel = "A"\ncurrencies = ["money"]\nweight = 1\n'
        'cues = ["$pilot"]\nnot_cues = ["deck"]\n'
    )
    mine = ladder_from_toml(text)
    assert rung_for("paid pilot, $5k, deck attached", mine, ["money"], amount=True) is None
    assert rung_for("paid pilot, $5k", mine, ["money"], amount=True).key == "a"
