from datetime import date

from earnest.domain.describe import count_of, day, money, plural


def test_a_date_reads_the_same_everywhere():
    assert day(date(2026, 1, 9)) == "9 Jan 2026"


def test_money_puts_the_dollar_sign_first_and_other_codes_before_the_amount():
    assert money("28,800", "usd") == "$28,800"
    assert money("-5", "USD") == "-$5"
    assert money("28,800", "EUR") == "EUR 28,800"
    assert money("28,800") == "28,800"


def test_counts_agree_with_their_nouns():
    assert plural(1, "contact") == "1 contact" and plural(2, "contact") == "2 contacts"
    assert count_of(1, "person", "people") == "1 person" and count_of(3, "person", "people") == "3 people"
    assert count_of(0, "conversation") == "0 conversations"


def test_a_sentence_quoted_from_the_notes_loses_its_full_stop_in_a_reason():
    import dataclasses

    from earnest.domain.describe import commitment_name

    from .builders import commitment

    c = dataclasses.replace(commitment(1), description="Agreed to share the Q3 export for the analysis.")
    assert commitment_name(c, None) == "Agreed to share the Q3 export for the analysis"
