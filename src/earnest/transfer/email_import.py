"""Email import (.eml files, RFC 5322, and .mbox archives): each thread becomes a conversation.

Threads are found through References and In-Reply-To; the prospect is matched by
the addresses' domains. Bodies are reduced to what each sender wrote: HTML is
turned into text, quoted replies and signatures are removed, attachments ignored.
"""

from __future__ import annotations

import email
import email.policy
import re
from datetime import date, datetime
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from typing import Any

from earnest.domain.errors import DomainError
from earnest.ledger import models as m

from .email_text import email_body_text
from .files import size_check
from .matching import addresses
from .meetings_import import meetings_import
from .report import ImportReport, Progress

MAX_MESSAGES = 50_000
_MBOX_SEPARATOR = re.compile(rb"(?m)^From [^\n]*\n")
_MBOXRD_QUOTED = re.compile(rb"(?m)^>(>*From )")
_REPLY_PREFIX = re.compile(r"^\s*((re|aw|sv|fw|fwd|wg)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)
_MESSAGE_ID = re.compile(r"<[^<>\s]+>")


_OTHER_CHARSET = re.compile(rb"charset\s*=\s*\"?(?!utf-?8\b|us-ascii\b)[\w.:-]+", re.IGNORECASE)


def split_mailbox(data: bytes) -> list[tuple[int, bytes]]:
    """The messages of an mbox archive, or the one message of an .eml file, each with the byte
    offset where it starts in the file (as stored: mboxrd's '>From ' quoting is undone later)."""
    separators = list(_MBOX_SEPARATOR.finditer(data)) if data.startswith(b"From ") else []
    if not separators:
        return [(0, data)]
    starts = [match.end() for match in separators]
    ends = [match.start() for match in separators[1:]] + [len(data)]
    return [(start, data[start:end]) for start, end in zip(starts, ends, strict=True) if data[start:end].strip()]


def _position(data: bytes, offset: int) -> str:
    line = data[:offset].count(b"\n") + 1
    return f"line {line}, byte offset {offset}"


def check_message_bytes(data: bytes, start: int, raw: bytes, number: int, name: str) -> None:
    """A damaged copy names the line and byte where it breaks, as a CSV or a calendar does.

    A NUL byte, or a byte that is not UTF-8 in a message that declares no other charset,
    does not happen in mail a client wrote (7-bit transfer encodings or a declared
    charset carry everything else), so it means the file was damaged on its way here.
    """
    if (nul := raw.find(b"\x00")) >= 0:
        raise DomainError(
            f"{name}: this is a binary file, not email (a NUL byte in message {number}, {_position(data, start + nul)})"
        )
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if not _OTHER_CHARSET.search(raw):
            at = start + exc.start
            raise DomainError(
                f"{name}: {_position(data, at)} (0x{data[at]:02x}) is not UTF-8, and message {number} "
                f"declares no other charset; the file is damaged: export it again"
            ) from None


def _ids(value: str | None) -> list[str]:
    return _MESSAGE_ID.findall(value or "")


def _body(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    if any("Base64" in type(defect).__name__ for defect in part.defects):
        raise DomainError("its text is cut off or damaged (broken base64)")
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, AssertionError):  # an unknown or lying charset
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    if not isinstance(content, str):
        return ""
    return email_body_text(content, is_html=part.get_content_subtype() == "html")


def parse_message(raw: bytes, number: int, name: str, position: str = "") -> dict[str, Any]:
    where = f"{name}: message {number}" + (f" ({position})" if position else "")
    if b"\x00" in raw[:8192]:
        raise DomainError(f"{name}: this is a binary file, not email")
    try:
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        if not any(h in msg for h in ("From", "Message-ID", "Date")):
            raise DomainError(f"{where} is not an email (no From, Date or Message-ID header)")
        sent = msg.get("Date")
        if not sent:
            raise DomainError(f"{where} has no Date header")
        when = parsedate_to_datetime(str(sent))
        own = _ids(str(msg.get("Message-ID") or ""))
        refs = _ids(str(msg.get("References") or "")) or _ids(str(msg.get("In-Reply-To") or ""))
        people = addresses(*(str(msg.get(h) or "") for h in ("From", "To", "Cc")))
        sender = str(msg.get("From") or "")
        return {
            "id": own[0] if own else f"<{where}@{when.isoformat()}>",
            "refs": refs,
            "subject": str(msg.get("Subject") or "(no subject)").strip(),
            "when": when,
            "emails": people,
            "sender": sender,
            "body": _body(msg),
        }
    except DomainError as exc:
        message = str(exc)
        raise DomainError(message if message.startswith(where) else f"{where}: {message}") from None
    except Exception as exc:  # the parser's many ways to fail on a broken header or MIME part
        raise DomainError(f"{where} cannot be read ({str(exc)[:200] or type(exc).__name__})") from None


def threads_of(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Group messages into threads, oldest first; a thread is named by its first message's id."""
    root_of: dict[str, str] = {}
    by_subject: dict[str, str] = {}
    grouped: dict[str, list[dict[str, Any]]] = {}
    for msg in sorted(messages, key=lambda x: x["when"].timestamp()):
        subject = _REPLY_PREFIX.sub("", msg["subject"]).strip().lower()
        root = next((root_of[r] for r in msg["refs"] if r in root_of), None)
        if root is None and msg["refs"]:
            root = msg["refs"][0]
        if root is None and subject != msg["subject"].strip().lower():
            root = by_subject.get(subject)
        root = root or msg["id"]
        root_of[msg["id"]] = root
        by_subject.setdefault(subject, root)
        grouped.setdefault(root, []).append(msg)
    return [_thread(root, msgs) for root, msgs in grouped.items()]


def _thread(root: str, msgs: list[dict[str, Any]]) -> dict[str, Any]:
    first = msgs[0]
    parts = [f"From {msg['sender']} on {msg['when']:%Y-%m-%d %H:%M %z}\n\n{msg['body']}".strip() for msg in msgs]
    emails = list(dict.fromkeys(e for msg in msgs for e in msg["emails"]))
    when: datetime = first["when"]
    on: date = when.date()  # the day in the sender's own time zone
    return {
        "uid": "email:" + root.strip("<>"),
        "on": on,
        "title": first["subject"][:500],
        "emails": emails,
        "notes": f"{first['subject']}\n\n" + "\n\n---\n\n".join(parts),
    }


def import_email(
    *,
    workspace: m.Workspace,
    data: bytes,
    name: str,
    today: date,
    dry_run: bool = False,
    accept_suggestions: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    raws = split_mailbox(size_check(data, name))
    if not raws:
        raise DomainError(f"{name}: the mailbox is empty")
    if len(raws) > MAX_MESSAGES:
        raise DomainError(f"{name}: more than {MAX_MESSAGES} messages; split the archive")
    for i, (start, raw) in enumerate(raws, start=1):
        check_message_bytes(data, start, raw, i, name)
    mbox = data.startswith(b"From ")
    messages = [
        parse_message(_MBOXRD_QUOTED.sub(rb"\1", raw) if mbox else raw, i, name, _position(data, start))
        for i, (start, raw) in enumerate(raws, start=1)
    ]
    threads = threads_of(messages)
    for thread in threads:
        thread["on"] = min(thread["on"], today)
    return meetings_import(
        workspace=workspace,
        meetings=threads,
        name=name,
        source="email",
        dry_run=dry_run,
        accept_suggestions=accept_suggestions,
        progress=progress,
    )
