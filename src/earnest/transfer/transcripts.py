"""Meeting transcripts (WebVTT and SRT exports of Zoom, Teams and Meet, or plain "Speaker: text")
read into speaker lines, and logged as a conversation whose findings are read with our own
lines set apart: what we promised is never taken for what they gave.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from earnest.domain.errors import DomainError
from earnest.ledger import models as m

from .report import ImportReport

MAX_TRANSCRIPT_BYTES = 5_000_000
_SPEAKER = re.compile(
    r"^\s*(?:\[?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?\]?\s*)?"
    r"(?P<name>[^\W\d][\w .'’-]{0,40}?)\s*:\s+(?P<text>\S.*)$"
)
_TIMING = re.compile(r"^\s*\d{1,2}:\d{2}(?::\d{2})?[.,]\d{3}\s*-->")
_SRT_INDEX = re.compile(r"^\s*\d+\s*$")


@dataclass(frozen=True)
class Transcript:
    lines: tuple[tuple[str, str], ...]  # (speaker, what they said), consecutive turns joined

    @property
    def speakers(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for speaker, _ in self.lines:
            if speaker:
                seen.setdefault(speaker, None)
        return tuple(seen)

    def as_notes(self) -> str:
        """The transcript as "Speaker: text" lines, the form the notes analyzer reads turns in."""
        return "\n".join(f"{s}: {t}" if s else t for s, t in self.lines) + "\n"


def _decode(raw: bytes, name: str) -> str:
    if len(raw) > MAX_TRANSCRIPT_BYTES:
        raise DomainError(f"{name}: transcripts are limited to {MAX_TRANSCRIPT_BYTES:,} bytes")
    if b"\x00" in raw:
        raise DomainError(f"{name}: a binary file, not a transcript")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DomainError(f"{name}: not UTF-8 text (byte offset {exc.start})") from None


def _captions(text: str, name: str) -> list[tuple[str, str]]:
    import webvtt
    from webvtt.errors import MalformedFileError

    lines = text.splitlines()
    srt = any(_SRT_INDEX.match(a) and "-->" in b for a, b in zip(lines, lines[1:], strict=False))
    try:
        captions = webvtt.from_buffer(io.StringIO(text), format="srt" if srt else "vtt")
    except MalformedFileError as exc:
        raise DomainError(f"{name}: not a readable {'SRT' if srt else 'WebVTT'} file ({exc})") from None
    out = []
    for caption in captions.captions:
        said = " ".join(caption.text.split())
        if caption.voice:
            out.append((caption.voice.strip(), said))
            continue
        match = _SPEAKER.match(said)
        out.append((match["name"].strip(), match["text"]) if match else ("", said))
    return out


def _plain(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        match = _SPEAKER.match(line)
        if match:
            out.append((match["name"].strip(), match["text"].strip()))
        elif out:
            out[-1] = (out[-1][0], f"{out[-1][1]} {line.strip()}")
        else:
            out.append(("", line.strip()))
    return out


def transcript_read(raw: bytes, name: str = "transcript") -> Transcript:
    """Speaker turns from a WebVTT, SRT or plain "Speaker: text" transcript."""
    text = _decode(raw, name)
    timed = text.lstrip().startswith("WEBVTT") or any(_TIMING.match(line) for line in text.splitlines()[:50])
    pieces = _captions(text, name) if timed else _plain(text)
    joined: list[tuple[str, str]] = []
    for speaker, said in pieces:
        if not said:
            continue
        if joined and joined[-1][0] == speaker:
            joined[-1] = (speaker, f"{joined[-1][1]} {said}")
        else:
            joined.append((speaker, said))
    if not joined:
        raise DomainError(f"{name}: the transcript holds no speech")
    return Transcript(tuple(joined))


def our_speakers(transcript: Transcript, *, me: Iterable[str] = (), our_domain: str = "") -> list[str]:
    """The speaker labels that are our side: the names given (`--me`, the user's own name, first
    names match too), or labels carrying our email domain."""
    wanted = [w.casefold().strip() for w in me if w and w.strip()]
    domain = our_domain.casefold().lstrip("@")
    ours = []
    for speaker in transcript.speakers:
        label = speaker.casefold()
        first = label.split()[0] if label.split() else label
        if any(label == w or first == w.split()[0] for w in wanted) or (domain and domain in label):
            ours.append(speaker)
    if wanted and not ours:
        names = ", ".join(transcript.speakers) or "none"
        raise DomainError(f"nobody called {', '.join(me)!r} speaks in the transcript; its speakers are: {names}")
    return ours


def transcript_import(
    *,
    prospect: m.Prospect,
    raw: bytes,
    name: str,
    on: date,
    me: Sequence[str] = (),
    our_domain: str = "",
    accept_suggestions: bool = False,
    report: ImportReport | None = None,
) -> tuple[m.Conversation, bool]:
    """Log the transcript as a conversation (once: the same file again changes nothing)."""
    from django.db import transaction

    from .conversation_import import conversation_exists, imported_conversation_log

    transcript = transcript_read(raw, name)
    ours = our_speakers(transcript, me=me, our_domain=our_domain)
    external_id = "transcript:" + hashlib.sha256(raw).hexdigest()
    existing = m.Conversation.objects.filter(workspace=prospect.workspace, external_id=external_id).first()
    if existing is not None and conversation_exists(prospect.workspace, external_id):
        return existing, False
    with transaction.atomic():
        row = imported_conversation_log(
            prospect=prospect,
            on=on,
            channel="video",
            notes=transcript.as_notes(),
            external_id=external_id,
            report=report or ImportReport(name),
            accept_suggestions=accept_suggestions,
            our_speakers=ours,
        )
    return row, True
