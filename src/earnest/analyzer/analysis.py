"""analyze(): text -> signals -> verdict; rules (voice, negation, conditionals) gate the model."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from .budget import budget_stance
from .dates import find_due, has_date_cue
from .details import with_details
from .features import MODIFIERS, sentence_features
from .model import KindModel, embeddings_enabled, shipped_model
from .money import find_money
from .patterns import CHUNK_CHARS, reader
from .result import AnalysisResult, Signal
from .speakers import Actor, Voice, regions, sentence_actor
from .verdict import Scored, score_and_verdict

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

# Chat and notes open lines with arrows, check marks and emoji as often as with dashes.
_SYMBOL_BULLETS = "\u2190-\u21ff\u2600-\u27bf\u2b00-\u2bff\U0001f300-\U0001faff\ufe0f"
_BULLET = re.compile(rf"^[\s\-*•·>–—\d.){_SYMBOL_BULLETS}]*")
# A day or an hour someone could put in a calendar, unlike "next month" or "in a few weeks".
_CONCRETE_DATE = re.compile(
    r"\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day)?\b|\b\d{1,2}/\d{1,2}\b"
    r"|\b\d{1,2}(?::\d{2})?\s*(?:am|pm)\b|\b\d{1,2}:\d{2}\b|\b\d{4}-\d{2}-\d{2}\b"
    r"|\b(?:tomorrow|today|tonight)\b|\b\d{1,2}(?:st|nd|rd|th)\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b",
    re.IGNORECASE,
)
# A line that opens with a bullet, a symbol or a chat handle ("@maja:") starts a new thought.
_BULLET_START = re.compile(
    rf"^\s*(?:(?:[-*•·–—]|\d{{1,2}}[.)])\s|[{_SYMBOL_BULLETS}]|@[\w.-]+:|\[?\d{{1,2}}:\d{{2}}\]?\s)"
)
_SCHEDULED = frozenset({"next_step", "commit_time"})
_CURRENCY_CUES = {"commit_time": "time", "commit_reputation": "reputation", "commit_money": "money"}
# What our own words can still show: a step both sides agreed ("we're booked for Tue").
_JOINT_KINDS = frozenset({"next_step"})
UNCUED_CONFIDENCE = 0.8
# "maybe 800 quid", "perhaps 3 hours": a hedge word before a quantity is an estimate, not a stall.
_ESTIMATE_HEDGES = frozenset({"maybe", "perhaps", "possibly"})
_QUANTITY = re.compile(
    r"^(?:[$€£]|\d|about$|around$|roughly$|a$|an$|half$|one$|two$|three$|four$"
    r"|five$|six$|seven$|eight$|nine$|ten$|twenty$|fifty$|hundred$|thousand$)"
)
# A yes that is only politeness ("yeah, sure", "sounds good") is no stall when a date follows.
_YES_HEDGES = frozenset({"sure", "sounds good", "sound good"})
# "we'd pay", "would happily pay": a money verb after "would" / "'d" with at most two words between.
_MONEY_VERBS = frozenset(
    {"pay", "buy", "purchase", "spend", "sign", "order", "donate", "prepay", "pre-order", "preorder", "subscribe"}
)
_HYPOTHETICAL_WORDS = frozenset({"would", "'d", "could", "might"})
_NOT_BETWEEN = frozenset({"like", "love", "want", "need", "prefer"})
# "Budget? None yet.", "Do they have budget? Not this year.": a short question naming one of these
# cues is a topic, answered by the sentence after it.
_TOPICS = frozenset({"budget"})
_TOPIC_WORDS = 5
# A bare no ("Budget? No.", "budget - nope") answers for the budget, not for the whole deal.
_BARE_NO = frozenset({"no .", "nope", "nah", "no no", "no"})  # "nope" reads as the lemma "no"
# An objection with a cue of its own beside "no budget" stands at this much of the model's confidence.
_CUED_BESIDE_NO_BUDGET = 0.3


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    lemmas: tuple[str, ...]
    hits: tuple[tuple[str, int, int], ...]
    voice: Voice


def _blocks(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Lines, with hard-wrapped prose lines joined back; never longer than CHUNK_CHARS."""
    block_start = None
    pos = start
    lines = text[start:end].splitlines(keepends=True)
    for i, line in enumerate(lines):
        stripped = line.strip()
        line_end = pos + len(line)
        if block_start is None:
            block_start = pos
        # a long bullet is not wrapped prose when the next line opens a bullet of its own
        next_bullet = i + 1 < len(lines) and bool(_BULLET_START.match(lines[i + 1]))
        wrapped = (
            len(stripped) > 60
            and stripped[-1] not in ".!?:"
            and not next_bullet
            and line_end - block_start < CHUNK_CHARS
        )
        if not wrapped or not stripped:
            if text[block_start:line_end].strip():
                yield block_start, line_end
            block_start = None
        pos = line_end
    if block_start is not None and text[block_start:end].strip():
        yield block_start, end


def _estimate(lemmas: tuple[str, ...], end: int) -> bool:
    return end < len(lemmas) and bool(_QUANTITY.match(lemmas[end]))


def _drop_estimates(
    lemmas: tuple[str, ...], hits: tuple[tuple[str, int, int], ...]
) -> tuple[tuple[str, int, int], ...]:
    return tuple(
        h
        for h in hits
        if not (h[0] == "hedge" and " ".join(lemmas[h[1] : h[2]]) in _ESTIMATE_HEDGES and _estimate(lemmas, h[2]))
    )


def hypothetical_price(lemmas: Sequence[str]) -> bool:
    """'we'd pay $50', 'I'd happily pay': a price someone would pay is no payment."""
    words = [w.lower() for w in lemmas]
    for i, word in enumerate(words):
        if word not in _HYPOTHETICAL_WORDS:
            continue
        between = words[i + 1 : i + 4]
        for j, later in enumerate(between):
            if later in _MONEY_VERBS:
                if not _NOT_BETWEEN & set(between[:j]):
                    return True
                break
    return False


def _with_answers(doc: Doc, hits: Sequence[tuple[str, int, int]]) -> Iterator[Span]:
    """The sentences of `doc`, a short question naming a topic joined to the answer after it.

    In notes "Budget? Not this year." is one statement: apart, the answer has no subject.
    """
    sents = list(doc.sents)
    i = 0
    while i < len(sents):
        sent = sents[i]
        words = [t for t in sent if not t.is_punct]
        if (
            i + 1 < len(sents)
            and len(words) <= _TOPIC_WORDS
            and sent[-1].text == "?"
            and any(c in _TOPICS and sent.start <= s and e <= sent.end for c, s, e in hits)
        ):
            i += 1
            sent = doc[sent.start : sents[i].end]
        yield sent
        i += 1


def _chunks(start: int, end: int) -> Iterator[tuple[int, int]]:
    for s in range(start, end, CHUNK_CHARS):
        yield s, min(end, s + CHUNK_CHARS)


def sentences(text: str, voice: str = "auto", our_speakers: Iterable[str] = ()) -> Iterator[Sentence]:
    """Every sentence of `text` with its voice, lemmas and cue hits; offsets point into `text`."""
    read = reader()
    spans = [
        (s, e, r.voice)
        for r in regions(text, voice, our_speakers)
        for bs, be in _blocks(text, r.start, r.end)
        for s, e in _chunks(bs, be)
    ]
    docs = read.nlp.pipe(text[s:e] for s, e, _ in spans)
    for (offset, _, region_voice), doc in zip(spans, docs, strict=True):
        read._lemmatize(doc)
        hits = read.cue_hits(doc)
        for sent in _with_answers(doc, hits):
            raw = sent.text
            lead = len(_BULLET.match(raw).group(0)) if _BULLET.match(raw) else 0  # type: ignore[union-attr]
            body = raw[lead:].rstrip()
            if not any(ch.isalnum() for ch in body):
                continue
            begin = offset + sent.start_char + lead
            lemmas = tuple(t.lemma_ for t in sent)
            inside = tuple((c, s - sent.start, e - sent.start) for c, s, e in hits if s >= sent.start and e <= sent.end)
            yield Sentence(begin, begin + len(body), body, lemmas, _drop_estimates(lemmas, inside), region_voice)


def _currencies(sentence: Sentence, has_money: bool) -> tuple[str, ...]:
    found = {_CURRENCY_CUES[c] for c, _, _ in sentence.hits if c in _CURRENCY_CUES}
    if has_money:
        found.add("money")
    return tuple(c for c in ("time", "reputation", "money") if c in found) or ("time",)


def _kinds(
    probabilities: dict[str, float], model: KindModel, sentence: Sentence, actor: Actor, has_date: bool, has_money: bool
) -> list[str]:
    # Without a cue phrase ("right?", "okay.") only a confident model may call a kind.
    cued = any(c not in MODIFIERS for c, _, _ in sentence.hits)
    kinds = [k for k, p in probabilities.items() if p >= model.threshold(k) and (cued or p >= UNCUED_CONFIDENCE)]
    stance = budget_stance(sentence.lemmas, sentence.hits, has_money)
    if stance in ("no", "open"):
        # "there's no budget", "budget: none", "budget? not this year": no money set aside is a
        # finding of its own, never evidence of a budget; "do you have budget?" is neither
        kinds = [k for k in kinds if k != "budget"] + ["no_budget"] * (stance == "no")
    if stance == "no":
        kinds = _beside_no_budget(kinds, probabilities, sentence)
    if "rejection" in kinds and "objection" in kinds:
        # a concern ("too expensive for this year") or a no, never both: no writer of the labelled
        # notes read one sentence as both (0 of 457 rejections), so the likelier reading stands
        kinds.remove("rejection" if probabilities["rejection"] < probabilities["objection"] else "objection")
    if actor == "us":
        return []
    if actor == "joint" and sentence.voice == "us":
        kinds = [k for k in kinds if k in _JOINT_KINDS]
    cues = {c for c, _, _ in sentence.hits}
    if "commitment" in kinds and "done" not in cues and ("conditional" in cues or hypothetical_price(sentence.lemmas)):
        # "if you add SSO we'd consider a pilot", "we'd pay $50 a month": a promise on a
        # condition, or a price someone would pay, gives nothing yet
        kinds = [k for k in kinds if k != "commitment"] + ["fluff"] * ("fluff" not in kinds)
    if "next_step" in kinds and not has_date and ("hedge" in cues and not _only_yes(sentence) or not cues & _SCHEDULED):
        # no date, and no scheduling word or a stall beside it ("let's do a pilot sometime")
        kinds = [k for k in kinds if k != "next_step"] + ["hedge"] * ("hedge" not in kinds)
    if (
        "next_step" in kinds
        and "hedge" in cues
        and not _only_yes(sentence)
        and not _CONCRETE_DATE.search(sentence.text)
    ):
        # "let's talk again sometime next month": a stall beside a period, not a day, sets
        # nothing; "sometime Tuesday at 3" still does
        kinds = [k for k in kinds if k != "next_step"] + ["hedge"] * ("hedge" not in kinds)
    if (
        "compliment" in kinds
        and "hedge" in cues
        and "hedge" not in kinds
        and not _only_yes(sentence)
        and not {"commitment", "next_step"} & set(kinds)
    ):
        # "Great stuff, tell me when it's ready": praise wrapped around a brush-off is the brush-off
        kinds.append("hedge")
    if "hedge" in kinds and "next_step" in kinds and has_date and _only_yes(sentence):
        # "Yeah, sure, Tuesday 10am works": a yes with a day and a time is the step itself
        kinds = [k for k in kinds if k != "hedge"]
    return kinds


def _beside_no_budget(kinds: list[str], probabilities: dict[str, float], sentence: Sentence) -> list[str]:
    """The kinds of a sentence that says no money is set aside, beside that finding."""
    # "Budget is $0" names an amount, and the amount is nothing: no money is promised
    kinds = [k for k in kinds if k != "commitment"]
    # and the budget is all it denies unless a cue says more: "We don't have budget this
    # year" is neither a no to the product, nor a stall, nor a second, unnamed objection
    said = {
        c if c != "rejection" or _cue_text(sentence, s, e) not in _BARE_NO else "bare_no" for c, s, e in sentence.hits
    }
    kinds = [k for k in kinds if k not in ("rejection", "objection", "hedge") or k in said]
    if (
        "objection" in said
        and "objection" not in kinds
        and probabilities.get("objection", 0.0) >= _CUED_BESIDE_NO_BUDGET
    ):
        # "No budget and security is a concern": the model learned budget words from sentences
        # labelled no budget alone, which pulls a concern named beside them under its line
        kinds.append("objection")
    return kinds


def _cue_text(sentence: Sentence, start: int, end: int) -> str:
    return " ".join(sentence.lemmas[start:end])


def _only_yes(sentence: Sentence) -> bool:
    hedges = [" ".join(sentence.lemmas[s:e]) for c, s, e in sentence.hits if c == "hedge"]
    return all(h in _YES_HEDGES for h in hedges)


def _scored(sentence: Sentence, when: date, model: KindModel, vector: Sequence[float] | None = None) -> list[Scored]:
    actor = sentence_actor(sentence.lemmas, sentence.voice)
    if actor == "us" and sentence.voice != "us":
        return []
    money = find_money(sentence.text)
    has_date = has_date_cue(sentence.text)
    features = sentence_features(sentence.lemmas, sentence.hits, actor=actor, has_date=has_date, has_money=bool(money))
    probabilities = model.probabilities(features, vector)
    out = []
    for kind in _kinds(probabilities, model, sentence, actor, has_date, bool(money)):
        currencies: tuple[str, ...] = ()
        amount, due = None, None
        if kind in ("commitment", "next_step", "budget"):
            amount = money[0].label if money else None
            due = find_due(sentence.text, when) if has_date and kind != "budget" else None
        if kind == "commitment":
            currencies = _currencies(sentence, bool(money))
        confidence = probabilities.get(kind, 0.0)
        signal = Signal(
            kind,
            sentence.text,
            sentence.start,
            sentence.end,
            currencies,
            amount,
            due,
            confidence=confidence if kind in probabilities else 1.0,
        )
        out.append(Scored(signal, confidence))
    belief = probabilities.get("commitment", 0.0)
    if not any(item.signal.kind == "commitment" for item in out if item.signal) and (
        belief < model.threshold("commitment")
    ):
        # below the threshold, the model's belief is still weak evidence; above it, a rule said
        # no ("if you add SSO we'd pilot", "budget is $0") and the belief counts for nothing
        out.append(Scored(None, belief))
    return out


def analyze(
    text: str, when: date | None = None, *, voice: str = "auto", our_speakers: Iterable[str] = ()
) -> AnalysisResult:
    """What `text` shows the customer gave.

    `when` is the conversation's date: relative dates resolve against it (default: today).
    `voice`: "auto"; "prospect" when every word is the customer's own; "notes" when the text is
    our notes about them. `our_speakers`: transcript labels that are our side.
    """
    if not isinstance(text, str):
        raise TypeError("analyze() needs the text as a str")
    when = when or date.today()
    if not text.strip():
        return AnalysisResult("no_next_step", 0.0, ())
    read = list(sentences(text, voice, our_speakers))
    vectors: Sequence[Sequence[float] | None] = [None] * len(read)
    model = shipped_model()
    if embeddings_enabled():
        from .embeddings import embed  # NumPy and the optional model load only when asked for

        vectors = embed([s.text for s in read]).tolist() if read else []
        model = shipped_model(embeddings=True)
    scored = [
        item for sentence, vector in zip(read, vectors, strict=True) for item in _scored(sentence, when, model, vector)
    ]
    return with_details(score_and_verdict(scored), text, when, voice, our_speakers)
