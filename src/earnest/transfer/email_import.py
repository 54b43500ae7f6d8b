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

from .calendar_import import meetings_import
from .email_text import email_body_text
from .files import size_check
from .matching import addresses
from .report import ImportReport, Progress

MAX_MESSAGES = 50_000
_MBOX_SEPARATOR = re.compile(rb"(?m)^From [^\n]*\n")
_MBOXRD_QUOTED = re.compile(rb"(?m)^>(>*From )")
_REPLY_PREFIX = re.compile(r"^\s*((re|aw|sv|fw|fwd|wg)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)
_MESSAGE_ID = re.compile(r"<[^<>\s]+>")


def split_mailbox(data: bytes) -> list[bytes]:
    """The raw messages of an mbox archive, or the one message of an .eml file."""
    if not data.startswith(b"From "):
        return [data]
    return [_MBOXRD_QUOTED.sub(rb"\1", chunk) for chunk in _MBOX_SEPARATOR.split(data) if chunk.strip()]


def _ids(value: str | None) -> list[str]:
    return _MESSAGE_ID.findall(value or "")


def _body(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, AssertionError):  # an unknown or lying charset
        content = (part.get_payload(decode=True) or b"").decode("utf-8", "replace")
    if not isinstance(content, str):
        return ""
    return email_body_text(content, is_html=part.get_content_subtype() == "html")


def parse_message(raw: bytes, number: int, name: str) -> dict[str, Any]:
    where = f"{name}: message {number}"
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
    except DomainError:
        raise
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
    messages = [parse_message(raw, i, name) for i, raw in enumerate(raws, start=1)]
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
