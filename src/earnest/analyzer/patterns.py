"""Cue phrases (data in patterns.toml) and the spaCy pieces that find them."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# spaCy refuses longer texts by default; the analyzer feeds it regions of at most this size.
CHUNK_CHARS = 100_000


@lru_cache(maxsize=1)
def cues() -> dict[str, list[str]]:
    """Cue name -> phrases, as written in patterns.toml."""
    data = tomllib.loads(resources.files(__package__).joinpath("patterns.toml").read_text("utf-8"))
    return {name: list(phrases) for name, phrases in data["cues"].items()}


class Reader:
    """Blank English spaCy: tokenizer, sentencizer, lookup lemmas and a PhraseMatcher of cues."""

    def __init__(self) -> None:
        import spacy  # heavy: only imported when the first text is analyzed
        from spacy.lookups import load_lookups
        from spacy.matcher import PhraseMatcher

        self.nlp: Language = spacy.blank("en")
        self.nlp.max_length = CHUNK_CHARS * 2
        self.nlp.add_pipe("sentencizer")
        table = load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")
        # the table is keyed by the hash of the word, the same hash spaCy keeps as `token.lower`
        self.lemmas: dict[int, str] = dict(table)
        # A cue written in base form ("really like", "book a") matches every form of its words
        # ("really liked", "booked a"); one written inflected ("paid", "nope") matches only as
        # written, so "done" stays past tense and "nope" does not become every "no".
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LEMMA")
        self.exact = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        for name, phrases in cues().items():
            docs = [self._lemmatize(self.nlp.make_doc(p)) for p in phrases]
            base = [d for d in docs if all(t.lemma_ == t.lower_ for t in d)]
            inflected = [d for d in docs if any(t.lemma_ != t.lower_ for t in d)]
            if base:
                self.matcher.add(name, base)
            if inflected:
                self.exact.add(name, inflected)

    def _lemmatize(self, doc: Doc) -> Doc:
        # the lookup table is case-sensitive and keyed on lower case: "Introduced" -> "introduce"
        for token in doc:
            token.lemma_ = self.lemmas.get(token.lower, token.lower_)
        return doc

    def read(self, text: str) -> Doc:
        return self._lemmatize(self.nlp(text))

    def cue_hits(self, doc: Doc) -> list[tuple[str, int, int]]:
        """(cue name, first token, end token) for every cue phrase in `doc`."""
        strings = self.nlp.vocab.strings
        found = {
            (strings[match_id], start, end)
            for matcher in (self.matcher, self.exact)
            for match_id, start, end in matcher(doc)
        }
        # "so he can check if it fits", "asked if we integrate": an "if" that opens a question
        # (whether) sets no condition on what the sentence says they give
        found = {
            (name, start, end)
            for name, start, end in found
            if not (
                name == "conditional" and start > 0 and doc[start].lower_ == "if" and doc[start - 1].lemma_ in _ASKING
            )
        }
        return sorted(found, key=lambda hit: (hit[1], hit[2], hit[0]))


# Verbs after which "if" means "whether"
_ASKING = frozenset(
    {"check", "see", "ask", "know", "wonder", "find", "confirm", "verify", "test", "decide", "tell", "sure", "unsure"}
)


@lru_cache(maxsize=1)
def reader() -> Reader:
    return Reader()


def loaded_cue_names() -> tuple[str, ...]:
    return tuple(cues())
