"""A short yes names nothing: the ask it answers says which rung it stands on."""

from dataclasses import replace
from datetime import date

from earnest.domain.findings import Finding, offers_for
from earnest.domain.ladder_files import builtin_ladders

ON = date(2026, 11, 16)
ASK = "Me: Would you be open to a quarterly check-in call?"


def _commitment(text: str, start: int) -> Finding:
    return Finding("commitment", text, start, start + len(text), ("time",), status="agreed", confidence=0.9)


def test_a_short_yes_takes_its_rung_from_the_ask_just_before_it():
    ask = Finding("our_ask", ASK, 0, len(ASK))
    yes = _commitment("Sure, happy to.", len(ASK) + 20)
    offer = offers_for([yes, ask], builtin_ladders()["micro"], ON)[0]
    assert (offer.rung, offer.status, offer.ticked) == ("periodic_check_in", "agreed", True)


def test_a_far_or_long_answer_keeps_its_own_words():
    ask = Finding("our_ask", ASK, 0, len(ASK))
    far = _commitment("Sure, happy to.", len(ASK) + 500)
    long = _commitment("Sure, we will think about the colour of the new office carpet next week then.", len(ASK) + 5)
    offers = offers_for([far, long, ask], builtin_ladders()["micro"], ON)
    assert [o.rung for o in offers] == [None, None]


def test_the_role_of_the_person_named_picks_between_the_introduction_rungs():
    discovery = builtin_ladders()["discovery"]
    text = "She introduced me to the boss of dispatch, Dean Walsh, their coordinator, by email."
    intro = Finding("commitment", text, 0, len(text), ("reputation",), status="fulfilled", confidence=0.9)
    at = text.index("Dean")

    def person(role: str) -> Finding:
        return Finding("person", "Dean Walsh", at, at + 35, name="Dean Walsh", title="coordinator", role=role)

    # the cues alone ("introduc ... boss") say decision maker
    assert offers_for([intro], discovery, ON)[0].rung == "intro_decision_maker"
    assert offers_for([intro, person("user")], discovery, ON)[0].rung == "intro_colleague"
    assert offers_for([intro, person("budget_owner")], discovery, ON)[0].rung == "intro_decision_maker"
    # a person named elsewhere in the notes says nothing about this introduction
    elsewhere = Finding("person", "Ann", 500, 520, name="Ann", title="analyst", role="user")
    assert offers_for([intro, elsewhere], discovery, ON)[0].rung == "intro_decision_maker"


def test_a_yes_the_same_words_more_surely_read_as_a_stall_is_offered_not_ticked():
    micro = builtin_ladders()["micro"]
    text = "sounds ok, send me the price list on whatsapp"
    weak_yes = Finding("commitment", text, 0, len(text), ("time",), status="agreed", confidence=0.55)
    stall = Finding("hedge", text, 0, len(text), confidence=0.96)
    offer = offers_for([weak_yes, stall], micro, ON)[0]
    assert (offer.rung, offer.ticked) == ("receives_information", False)
    # the same yes read more surely than the stall stands
    sure_yes = Finding("commitment", text, 0, len(text), ("time",), status="agreed", confidence=0.97)
    assert offers_for([sure_yes, stall], micro, ON)[0].ticked


def test_the_person_introduced_is_the_one_named_after_the_one_who_introduces():
    discovery = builtin_ladders()["discovery"]
    text = "the dentist (Dr. Farouk, owns SmileCare) just forwarded me to his practice manager Aylin"
    intro = Finding("commitment", text, 0, len(text), ("reputation",), status="fulfilled", confidence=0.9)
    owner = Finding("person", "Dr. Farouk", 13, 39, name="Dr. Farouk", title="owns", role="decision_maker")
    at = text.index("practice")
    manager = Finding("person", "Aylin", at, len(text), name="Aylin", title="practice manager", role="user")
    assert offers_for([intro, owner, manager], discovery, ON)[0].rung == "intro_colleague"


def test_money_set_aside_read_more_surely_than_a_purchase_is_offered_not_ticked():
    b2b = builtin_ladders()["b2b"]
    text = "The annual licence is already in the 2027/28 budget"
    bought = Finding("commitment", text, 0, len(text), ("money",), status="fulfilled", confidence=0.6)
    budget = Finding("budget", text, 0, len(text), confidence=0.9)
    offer = next(o for o in offers_for([bought, budget], b2b, ON) if o.kind == "commitment")
    assert (offer.rung, offer.ticked) == ("annual_license", False)
    # a purchase read more surely than the budget stands
    sure = replace(bought, confidence=0.95)
    assert next(o for o in offers_for([sure, budget], b2b, ON) if o.kind == "commitment").ticked
