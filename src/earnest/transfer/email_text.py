"""Email bodies to plain text: HTML to text, quoted replies and signatures removed.

Only what the sender wrote in this message should reach the notes analyzer; the
quoted history would count the same words twice, and signatures add noise
("Best regards" is not a compliment). Kept apart from the importer so the
analyzer can reuse it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "table",
    "ul",
    "ol",
    "hr",
    "pre",
}
_SKIP_TAGS = {"script", "style", "head", "title"}
# Everything from the first of these lines down is quoted history, not this message.
_REPLY_HEADERS = (
    re.compile(r"^\s*On .{3,200}wrote:\s*$", re.IGNORECASE),
    re.compile(r"^\s*Am .{3,200}schrieb .{0,200}:\s*$", re.IGNORECASE),
    re.compile(r"^\s*Le .{3,200}a écrit\s*:\s*$", re.IGNORECASE),
    re.compile(r"^\s*-{2,}\s*Original Message\s*-{2,}\s*$", re.IGNORECASE),
    re.compile(r"^\s*-{2,}\s*Forwarded message\s*-{2,}\s*$", re.IGNORECASE),
    re.compile(r"^\s*_{10,}\s*$"),
    re.compile(r"^\s*From:\s.+$", re.IGNORECASE),  # Outlook's header block before the quote
)
_SIGNATURE_STARTS = (
    re.compile(r"^--\s*$"),
    re.compile(r"^\s*(Sent from my|Get Outlook for|Sent from Mail for)\b", re.IGNORECASE),
    re.compile(r"^\s*(best|kind|warm)?\s*(regards|wishes)\s*,?\s*$", re.IGNORECASE),
    re.compile(
        r"^\s*(cheers|thanks|thank you|many thanks|best|all the best|sincerely)\s*,?\s*$",
        re.IGNORECASE,
    ),
)
_HTML_HINT = re.compile(r"<(p|div|br|span|html|body|b|i|a|ul|li|table)\b[^>]*>", re.IGNORECASE)


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.quote_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skipping += 1
        elif tag == "blockquote" or (tag == "div" and ("class", "gmail_quote") in attrs):
            self.quote_depth += 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag == "blockquote" and self.quote_depth:
            self.quote_depth -= 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        text = re.sub(r"[ \t\r\n\f]+", " ", data)
        if self.quote_depth:  # quoted history: mark it so strip_quoted removes it
            text = "\n".join("> " + line for line in text.split("\n"))
        self.parts.append(text)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_HINT.search(text))


def html_to_text(html: str) -> str:
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    lines = [line.strip() for line in "".join(parser.parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def strip_quoted(text: str) -> str:
    """Drop quoted lines ('> ...') and everything below a reply header ('On ... wrote:')."""
    kept: list[str] = []
    for line in text.splitlines():
        if any(p.match(line) for p in _REPLY_HEADERS):
            break
        if not line.lstrip().startswith(">"):
            kept.append(line)
    return "\n".join(kept).strip()


def strip_signature(text: str) -> str:
    """Drop the signature: from the '-- ' delimiter or a closing like 'Best regards,' down."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if i > 0 and any(p.match(line) for p in _SIGNATURE_STARTS):
            return "\n".join(lines[:i]).strip()
    return text.strip()


def email_body_text(body: str, *, is_html: bool = False) -> str:
    """What the sender wrote in this message, as plain text."""
    text = html_to_text(body) if is_html else body.replace("\r\n", "\n")
    return strip_signature(strip_quoted(text))
