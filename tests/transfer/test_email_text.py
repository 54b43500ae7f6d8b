"""Reply and signature stripping, measured on real-looking replies from the common clients and languages.

fixtures/replies.json holds replies as Gmail, Outlook, Apple Mail and Thunderbird write
them in English, German, French, Spanish, Italian, Dutch and Portuguese (attribution
lines, Outlook header blocks, "-----Original Message-----", mobile footers, signatures
with and without a "-- " line), and messages that only look like they end in one.
"""

import json
from pathlib import Path

import pytest

from earnest.transfer.email_text import email_body_text, strip_reply, strip_signature

CASES = json.loads((Path(__file__).parent / "fixtures" / "replies.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_only_what_the_writer_wrote_is_kept(case):
    assert email_body_text(case["body"], is_html=case.get("html", False)) == case["own"]


def test_the_set_covers_every_client_in_every_language():
    covered = {(c["client"], c["language"]) for c in CASES}
    for client in ("Gmail", "Outlook", "Apple Mail", "Thunderbird"):
        assert {lang for cl, lang in covered if cl == client} == {"en", "de", "fr", "es", "it", "nl", "pt"}


def test_gmails_german_attribution_ends_the_message():
    text = "Passt, wir starten im Juni.\n\nAm Mi., 7. Mai 2025 um 09:02 Uhr schrieb Priya Raman <p@x.example>:\n> Hallo"
    assert strip_reply(text) == "Passt, wir starten im Juni."


def test_an_outlook_signature_without_a_dash_line_is_cut_by_its_shape():
    text = "We are in.\n\nPriya Raman\nHead of Operations\n+49 40 5550 1201"
    assert strip_signature(text) == "We are in."
    assert strip_signature("We are in.\n\nPriya") == "We are in.\n\nPriya"  # a name alone is not a signature
