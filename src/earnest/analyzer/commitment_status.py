"""Whether a commitment in the notes was already given, only promised, or turned down.

The tense and aspect of the clause decide it: "introduced me to Raj" is done, "will introduce",
"agreed to share" and "booked a call for Tuesday" are promises, "turned down the pilot" is a no.
A sentence that reports two commitments ("introduced me to Raj and booked a call with him") is
cut into one clause each, so each lands in the ledger with its own status.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from earnest.domain.rung_model import rung_features

from .dates import find_due, has_date_cue
from .money import find_money
from .result import Signal
from .status_model import RULE_PREFIX, shipped_status_model

FULFILLED, AGREED, DECLINED = "fulfilled", "agreed", "declined"

_DECLINED = re.compile(
    r"\b(?:declin(?:ed|es)|turned (?:it |us |that )?down|turn(?:ed|s)? down|refus(?:ed|es)|rejected|"
    r"pass(?:ed|es|ing)? on|(?:said|says|saying) no|say no|give (?:\w+ ){0,4}a miss|"
    r"won'?t (?:be )?(?:share|sign|pay|introduce|send|give|do|commit|join|take)|"
    r"(?:would|will) not (?:share|sign|pay|introduce|send|give|commit)|not willing to|unwilling to|"
    r"(?:didn'?t|did not|doesn'?t|does not|don'?t|do not|can'?t|cannot|couldn'?t) "
    r"(?:want to |agree to |commit to )?(?:share|sign|pay|introduce|send|give|commit|agree|do|take|answer|use|"
    r"allow|release|participate|connect|provide|name)\b|"
    r"decided (?:not to|against)|backed out|pulled out|(?:is|was) (?:also )?a (?:hard )?no\b|"
    r"(?:won'?t|will not|wouldn'?t|would not) (?:allow|release|participate|connect|use|provide|name)|"
    r"\bI can'?t\b\s*[,.;]|not (?:this|next) (?:year|quarter)|[,:]\s*no\s*[—–-]|no paid\b|"
    r"no (?:intro|introduction|pilot|deposit|data|reference|logo)s?\b|"
    r"(?:would|will|did|does|do) not (?:want to )?agree|won'?t agree|wouldn'?t agree|rather not|"
    r"not something (?:i|we) can|not something an? \w+|not comfortable|"
    r"not (?:allowed|able) to (?:share|sign|pay|give|send)|"
    r"not going to (?:answer|sign|pay|share|buy|do|give|join|take|commit)|off the table|never sign|"
    r"(?:won'?t|will not|wouldn'?t|would not) (?:approve|buy|take|go|answer)|[,:\-–—]\s*no\.?$|"
    # "no on the logo", "difficult to share outside the company", "don't really have time for a call"
    r"\bno on (?:the|a|our|their|that|any)\b|"
    r"(?:difficult|hard|impossible|not possible) to (?:share|sign|give|send|provide|release|introduce|commit)|"
    r"(?:don'?t|do not|doesn'?t|does not) (?:really )?have (?:the )?(?:time|bandwidth) for)",
    re.IGNORECASE,
)
# A promise or something put on the calendar: the time is given when it happens, not yet.
_PROMISED = re.compile(
    r"\b(?:will|'ll|shall|going to|gonna|agreed to|agrees to|agree to|promised|promises|"
    r"committed to|commits to|plans? to|planning to|intends? to|offered to|happy to|keen to|"
    r"willing to|said (?:she|he|they|they'd|she'd|he'd|she'll|he'll|they'll) (?:would|will)|"
    r"would (?:send|share|introduce|sign|pay|forward|connect|loop)|to (?:send|share|introduce|sign|pay|forward)"
    r" (?:us|me|it|the|their|her|his|over|by)|"
    r"booked|scheduled|set up|setting up|arranged|calendared|put (?:it |time |a call |a meeting )?on (?:the|my|our) "
    r"calendar|sent (?:an? |the )?(?:invite|calendar)|confirmed (?:for|a call|a meeting|the call|the meeting)|"
    r"lined up|pencilled|penciled|slotted|blocked|by (?:(?:mon|tue|wed|thu|fri|sat|sun)\w*|eow|eod|end of|next|the \d)|"
    r"(?:she|he|they)'d (?:send|share|introduce|sign|pay|forward|connect|loop)|"
    r"next (?:week|mon|tue|wed|thu|fri)|tomorrow|tmrw|on board for|in for)\b",
    re.IGNORECASE,
)
_DONE = re.compile(
    r"\b(?:introduced|intro'?d|connected (?:me|us)|put (?:me|us) in touch|looped in|cc'?d|copied in|"
    r"sent (?:over |us |me )?(?!an? invite)|shared|forwarded|uploaded|provided|gave (?:us|me)|handed|"
    r"paid|wired|transferred|received|came in|landed|cleared|signed|countersigned|placed|ordered|"
    r"pre-?ordered|bought|purchased|renewed|joined|attended|showed up|spent|ran (?:it|the|a)|tested|tried|"
    r"reviewed|walked (?:us|me) through|filled (?:in|out)|completed|posted|published|quoted|recommended|"
    r"referred|is in\b|are in\b|got (?:the|their|a|an)|"
    r"(?:has|have|had) (?:already )?(?:sent|shared|paid|signed|introduced|placed|wired|given|provided)|"
    # done in other words: "went through the proposal", "sat through the hour", "did the ref call"
    r"(?:went|walked|sat|read) (?:through|thru|over)|did (?:the|a|an|it)\b|marked (?:it )?up|already|"
    r"executed|admits?|admitted|acknowledged|conceded|answered|recorded|in writing|passed (?:your|our|my) name|"
    r"rcvd|recvd|loaded|described|explained|discussed|stayed|done|live on|went live)",
    re.IGNORECASE,
)
# A verb in the past with no promise beside it reports a thing done: "read the proposal before the
# call", "showed us the line". Words that end in -ed but say no past act are left out.
_PAST = re.compile(
    r"\b(?!(?:need|interest|bas|excit|concern|schedul|book|plann|agre|approv|accept|requir|"
    r"us|suppos|lock|tied|involv|pleas|worri|surpris|impress|relat|locat|red|bed|fed|"
    r"shar|limit|complicat|dedicat|sophisticat|automat|outdat|expect)ed\b)\w{3,}ed\b|"
    r"\b(?:did|had|gave|went|saw|met|took|spoke|told|wrote|brought|ran|showed|shown|sat|made)\b",
    re.IGNORECASE,
)
# A clause that says nothing was given reports no commitment at all, not a refusal of one: "didn't
# agree to anything", "nothing booked", "no follow-up scheduled", "no next call, no data", "he
# didn't offer to introduce her" (declined needs an ask they said no to).
_NOTHING_GIVEN = re.compile(
    r"\b(?:(?:didn'?t|did not|hasn'?t|has not|haven'?t|have not|won'?t|wouldn'?t) "
    r"(?:agree|commit|offer|promise|give|book|admit|mention)\w* (?:to )?(?:anything|any\b|a thing)|"
    # "she hasn't introduced us to anyone": not yet given, and no refusal either
    r"(?:hasn'?t|has not|haven'?t|have not|didn'?t|did not) introduc\w* (?:us |me )?to (?:anyone|anybody)|"
    r"nothing (?:(?:was|is|got|has been|else) )?(?:agreed|committed|booked|set(?: up)?|scheduled|asked|promised|"
    r"given|decided|concrete)|"
    r"no (?:follow-?ups?|next (?:call|meeting|mtg|step)s?|(?:call|meeting|mtg|date)s?) (?:is |was |has been |yet )?"
    r"(?:set|scheduled|booked|agreed|planned|fixed)|no next (?:call|meeting|mtg|step)|"
    r"no (?:real |specific )?(?:pain|problems?) (?:was |were )?(?:mentioned|admitted|raised)|"
    # "no intro made", "no time booked": the thing was never given; "Priya didn't ask": never asked
    r"no (?:intros?|introductions?|demos?|time|dates?|pilots?|trials?|deposits?|LOI|PO|orders?|commitments?) "
    r"(?:was |were |has been )?(?:made|offered|booked|given|set|agreed|yet)\b|"
    r"(?:didn'?t|did not) (?:ask|offer)\b)",
    re.IGNORECASE,
)


def gives_nothing(text: str) -> bool:
    """True when the clause reports that nothing was given, agreed or admitted."""
    return bool(_NOTHING_GIVEN.search(text))


# What they gave someone else, in the past: "paid a deposit to another startup last year", "we
# tried two of these apps in 2023". A story of an earlier vendor, told to us, gives us nothing.
_GIVEN_ELSEWHERE = re.compile(
    r"\b(?:another (?:startup|vendor|company|supplier|provider|tool|firm|agency|platform|app)|"
    r"last year(?!['’]s)|(?:back )?in 20(?:1\d|2[0-5])\b|a competitor)",
    re.IGNORECASE,
)


def given_elsewhere(text: str) -> bool:
    """True when the clause tells of something given to another vendor or long before us."""
    return bool(_GIVEN_ELSEWHERE.search(text))


# Shorthand for an ask and its answer: "asked for a ref call -> yes", "case study: no",
# "logo on public site = NO". The thing asked for is before the arrow, the answer after it.
_ANSWERED = re.compile(
    r"^(?P<thing>[^:=→>\n]{3,120}?)\s*(?:->|→|=>|=|:|—|–|-{1,2})\s*[\"'‘“]?"
    r"(?:(?P<yes>yes|yep|yeah|ok|okay|sure|agreed|done|deal|happy to)|"
    r"(?P<no>no|nope|nah|declined|refused|not (?:now|yet|for now|at this stage|interested)|can'?t|won'?t|"
    r"(?:he|she|they) (?:said|says) no))\b",
    re.IGNORECASE,
)
# "no ref calls for now", "no web, no PR": a clause that opens with a refusal.
_OPENS_WITH_NO = re.compile(
    r"^\W*(?:also\s+|and\s+|but\s+)?(?:no|nope|not)\b(?!\s+(?:problem|worries|doubt))", re.IGNORECASE
)
# A yes to something that happens later: a permission or an acceptance, not the thing itself.
_YES_TO_LATER = re.compile(
    r"\b(?:ok|okay|fine|sure|yes|yeah|happy|glad|keen|open|go ahead|can use|may use|allowed|permission|"
    r"approv\w*|agree\w*|accept\w*|want\w*|wish\w*|plan\w*|intend\w*|ready|let'?s|would|could|might|"
    r"can|once|when|after|next|soon|later|pending|subject to|interest\w*|consider\w*|think\w*|hop\w*|"
    r"like to|love to)\b|\?",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:no|not|nope|nah|never|none|nothing|neither|nor|declin\w*|refus\w*|reject\w*|pass(?:ed|es)? on|"
    r"rather not|off the table|backed out|pulled out)\b|n't\b|n’t\b",
    re.IGNORECASE,
)
_NEGATED_DONE = re.compile(r"\b(?:not yet|hasn'?t|haven'?t|didn'?t|never|still waiting|yet to)\b", re.IGNORECASE)

# Where one clause ends and the next commitment may begin: ", and", "; ", " and then ", " also ".
_CLAUSE_BREAK = re.compile(
    r"(?:,\s*(?:and\s+|then\s+|plus\s+)?|;\s*|\s+and\s+(?:then\s+|also\s+)?|\.\s+|\s+\+\s+)"
    r"(?=(?:she|he|they|we|also|then|\w+ed\b|\w+'ll\b|will\b|agreed\b|booked\b))",
    re.IGNORECASE,
)
_MIN_CLAUSE = 12


# Our ask and their no in one sentence: "asked if he'd sign an LOI: 'not before the board meets'",
# "I asked whether she'd try it on her own list; she said she'd rather wait".
ASKED_THEN_NO = re.compile(
    r"^\W*(?:when\s+)?(?:(?:i|we)\s+)?(?:also\s+)?ask(?:ed)?\s+(?P<ask>.{3,160}?)"
    r"(?:[;:,.\-–—→>]+\s*|\s+(?:and|but)\s+|\s+(?=(?:she|he|they)\s+(?:said|says|replied)))(?:[\"'‘“]?[\w.'-]+:?\s+){0,3}?"
    r"(?:said\s+|says\s+|say\s+|replied\s+|answered\s+)?(?:that\s+)?[\"'‘“]?"
    r"(?:no\b|not\b|nope|nah|(?:she|he|they|i|we)?'?d rather|rather (?:not|wait)|declined|refused|won'?t|"
    r"wouldn'?t|did not|didn'?t|can'?t|cannot|"
    # the no in the language it was said in: "LOI não", "ne, zatím ne", "nein", "non", "iie", "tidak"
    r"n[ãa]o\b|nein\b|non\b|nee\b|nej\b|ne\b|nie\b|iie\b|tidak\b|belum\b)",
    re.IGNORECASE,
)


def commitment_status(text: str) -> str:
    """fulfilled, agreed or declined, from the clause's own words: the learned model over the rules."""
    if ASKED_THEN_NO.match(text.strip()):
        return DECLINED  # "Asked for 10 min Thurs - 'not this week, send the info first'"
    model = shipped_status_model()
    if model is None:
        return rule_status(text)
    status = model.status(status_features(text))
    if status == DECLINED and not _NEGATION.search(text):
        # a refusal needs a word that refuses: "They are interested in a pilot" is no no
        return rule_status(text)
    return status


_RULE_PATTERNS = {
    "declined": _DECLINED,
    "promised": _PROMISED,
    "done": _DONE,
    "past": _PAST,
    "yes_to_later": _YES_TO_LATER,
    "negated_done": _NEGATED_DONE,
}


def status_features(text: str) -> list[str]:
    """What the status model reads: the rules' verdict, which of their patterns fired, and words."""
    stripped = text.strip()
    rules = [f"{RULE_PREFIX}{rule_status(text)}"]
    rules += [f"{RULE_PREFIX}{name}" for name, pattern in _RULE_PATTERNS.items() if pattern.search(text)]
    if _ANSWERED.match(stripped):
        rules.append(f"{RULE_PREFIX}answered")
    if _OPENS_WITH_NO.match(stripped):
        rules.append(f"{RULE_PREFIX}opens_with_no")
    if has_date_cue(text):
        rules.append(f"{RULE_PREFIX}date")
    return rules + rung_features(text)


def rule_status(text: str) -> str:
    """fulfilled, agreed or declined, by the tense rules alone."""
    answered = _ANSWERED.match(text.strip())
    if answered is not None:
        return AGREED if answered.group("yes") else DECLINED
    if _DECLINED.search(text) or _OPENS_WITH_NO.match(text):
        return DECLINED
    promised = _PROMISED.search(text)
    done = _DONE.search(text)
    if done and not _NEGATED_DONE.search(text) and (promised is None or done.start() < promised.start()):
        return FULFILLED
    if promised is None and _PAST.search(text) and not _NEGATED_DONE.search(text):
        return FULFILLED
    if promised is None and not (_YES_TO_LATER.search(text) or has_date_cue(text) or _NEGATED_DONE.search(text)):
        # nothing promised, nothing dated, no permission: notes narrate the meeting, often in the present
        # ("she review the mockup with me", "he answer my questions")
        return FULFILLED
    return AGREED


def _clauses(signal: Signal) -> list[tuple[int, int]]:
    text = signal.text
    breaks = list(_CLAUSE_BREAK.finditer(text))
    bounds = [(0, breaks[0].start() if breaks else len(text))]
    bounds += [(b.end(), breaks[i + 1].start() if i + 1 < len(breaks) else len(text)) for i, b in enumerate(breaks)]
    spans: list[tuple[int, int]] = []
    for a, b in bounds:
        piece = text[a:b]
        stripped = piece.rstrip(" ,;.")
        lead = len(piece) - len(piece.lstrip())
        if len(stripped.strip()) >= _MIN_CLAUSE:
            spans.append((a + lead, a + len(stripped)))
        elif spans:  # a tail too short to stand alone belongs to the clause before it
            spans[-1] = (spans[-1][0], a + len(stripped))
    return spans or [(0, len(text))]


# "turned down the pilot", "said no to the intro": a no to one ask is that ask, declined.
_ASKED_THING = re.compile(
    r"\b(?:intro\w*|pilot|deposit|data|reference|logo|call|meeting|demo|trial|loi|letter of intent|order|"
    r"contract|case study|testimonial|nda|proposal|quote|evaluation|poc|pre-?order|license|licence)\b",
    re.IGNORECASE,
)


def declined_ask(signal: Signal) -> Signal | None:
    """A commitment, declined, when a no names the thing that was asked for."""
    if _DECLINED.search(signal.text) and _ASKED_THING.search(signal.text) and not gives_nothing(signal.text):
        return replace(signal, kind="commitment", status=DECLINED, currencies=signal.currencies or ("time",))
    return None


def _commitment_like(clause: str) -> bool:
    return bool(_DONE.search(clause) or _PROMISED.search(clause) or _DECLINED.search(clause))


def split_commitment(signal: Signal, when: date) -> list[Signal]:
    """The commitment signal cut into clauses that each report one commitment, each with a status.

    A clause keeps only the date and the money written in it: the call is due on Tuesday, the
    introduction made in the same sentence is not.
    """
    spans = [(a, b) for a, b in _clauses(signal) if _commitment_like(signal.text[a:b])]
    spans = [(a, b) for a, b in spans if not (gives_nothing(signal.text[a:b]) or given_elsewhere(signal.text[a:b]))]
    if not spans and (gives_nothing(signal.text) or given_elsewhere(signal.text)):
        return []
    if len(spans) <= 1:
        return [replace(signal, status=commitment_status(signal.text))]
    out = []
    for a, b in spans:
        text = signal.text[a:b]
        money = find_money(text)
        currencies = (
            signal.currencies
            if money or "money" not in signal.currencies
            else tuple(c for c in signal.currencies if c != "money") or ("time",)
        )
        out.append(
            replace(
                signal,
                text=text,
                start=signal.start + a,
                end=signal.start + b,
                status=commitment_status(text),
                amount=money[0].label if money else None,
                currencies=currencies,
                due=find_due(text, when) if has_date_cue(text) else None,
            )
        )
    return out
