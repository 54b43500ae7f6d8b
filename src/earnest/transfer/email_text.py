"""Email bodies to plain text: HTML to text, then quoted replies and signatures removed.

Only what the sender wrote in this message should reach the notes analyzer; the
quoted history would count the same words twice. Where the writer's own words
end is the analyzer's call (earnest.analyzer.emails); the HTML-to-text step lives
here because the analyzer reads plain text only. Quoted HTML (blockquote, Gmail's
quote block) is marked with "> " so that the analyzer sees it as a quote.
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


def email_body_text(body: str, *, is_html: bool = False) -> str:
    """What the sender wrote in this message, as plain text (the analyzer finds where it ends)."""
    from earnest.analyzer.emails import email_body

    text = html_to_text(body) if is_html else body.replace("\r\n", "\n")
    start, end = email_body(text)
    return text[start:end].strip()
