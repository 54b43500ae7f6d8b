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
        self.lemmas: dict[str, str] = dict(table)
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LEMMA")
        for name, phrases in cues().items():
            self.matcher.add(name, [self._lemmatize(self.nlp.make_doc(p)) for p in phrases])

    def _lemmatize(self, doc: Doc) -> Doc:
        # the lookup table is case-sensitive and keyed on lower case: "Introduced" -> "introduce"
        for token in doc:
            lower = token.lower_
            token.lemma_ = self.lemmas.get(lower, lower)
        return doc

    def read(self, text: str) -> Doc:
        return self._lemmatize(self.nlp(text))

    def cue_hits(self, doc: Doc) -> list[tuple[str, int, int]]:
        """(cue name, first token, end token) for every cue phrase in `doc`."""
        strings = self.nlp.vocab.strings
        return [(strings[match_id], start, end) for match_id, start, end in self.matcher(doc)]


@lru_cache(maxsize=1)
def reader() -> Reader:
    return Reader()


def loaded_cue_names() -> tuple[str, ...]:
    return tuple(cues())


