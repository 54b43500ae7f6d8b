"""Email bodies to plain text: HTML to text, then quoted replies and signatures removed.

Only what the sender wrote in this message should reach the notes analyzer; the
quoted history would count the same words twice, and a signature's title ("Head of
Operations") would read as a person's role. The reply headers and signatures of the
common mail clients, in the common European languages, are cut here; the analyzer
(earnest.analyzer.emails) then drops header lines and English sign-offs as it does for
pasted emails. Quoted HTML (blockquote, Gmail's quote block) is marked with "> ".
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
    """What the sender wrote in this message, as plain text: no quoted history, no signature."""
    from earnest.analyzer.emails import email_body

    text = html_to_text(body) if is_html else body.replace("\r\n", "\n")
    text = strip_reply(text)
    start, end = email_body(text)
    return strip_signature(text[start:end]).strip()


# Where the quoted history starts, as the common mail clients write it (Gmail, Outlook,
# Apple Mail, Thunderbird) in English, German, French, Spanish, Italian, Dutch and
# Portuguese. Attribution lines are matched over up to three joined lines, because
# clients wrap a long "On ... <address> wrote:" at the address.
_VERB = r"(?:wrote|schrieb|a\s+écrit|escribió|ha\s+scritto|schreef|geschreven|escreveu|skrev)"
_ATTRIBUTION = re.compile(rf"^\s*(?:on|am|le|el|il|op|em|den)\b.{{0,300}}?\b{_VERB}\b[^:]{{0,200}}:\s*$", re.IGNORECASE)
# "Priya Raman <priya@acme.example> wrote:" or "... schrieb am 07.05.2025 09:02:": the
# verb alone would also end a sentence of prose, so an address or a date must come with it.
_ATTRIBUTION_LOOSE = re.compile(rf"^.{{0,250}}\b{_VERB}\b.{{0,60}}:\s*$", re.IGNORECASE)
_SEPARATOR = re.compile(
    r"""^\s*(?:
        -{2,}\s*(?:original\s+message|ursprüngliche\s+nachricht|message\s+d'origine|mensaje\s+original
          |messaggio\s+originale|oorspronkelijk\s+bericht|mensagem\s+original|forwarded\s+message
          |weitergeleitete\s+nachricht|message\s+transféré|mensaje\s+reenviado|messaggio\s+inoltrato
          |doorgestuurd\s+bericht|mensagem\s+encaminhada)\s*-{2,}
      | (?:begin\s+forwarded\s+message|anfang\s+der\s+weitergeleiteten\s+nachricht
          |début\s+du\s+message\s+réexpédié|inicio\s+del\s+mensaje\s+reenviado)\s*:
      | _{10,}
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
# Outlook's header block: "From: ..." followed within a few lines by "Sent: ...", in each
# language Outlook speaks ("Von: ... Gesendet: ...", "De : ... Envoyé : ...").
_FROM_LABEL = re.compile(r"^\s*\*?(?:from|von|de|da|van|fra|från)\s*:\*?\s*\S", re.IGNORECASE)
_SENT_LABEL = re.compile(
    r"(?:^|\s)\*?(?:sent|date|gesendet|datum|envoyé|enviado(?:\s+el|\s+em)?|enviada\s+em|fecha|inviato|data"
    r"|verzonden|verstuurd|sendt|skickat)\s*:",
    re.IGNORECASE,
)
_MOBILE_FOOTER = re.compile(
    r"^\s*(?:sent\s+from\s+my|sent\s+with|get\s+outlook\s+for|von\s+meinem|gesendet\s+von\s+meinem"
    r"|envoyé\s+de\s+mon|enviado\s+desde\s+mi|enviado\s+do\s+meu|inviato\s+da|verzonden\s+(?:vanaf|met)"
    r"|holen\s+sie\s+sich\s+outlook|obtenir\s+outlook)\b",
    re.IGNORECASE,
)
_DISCLAIMER = re.compile(
    r"^\s*(?:confidentiality\s+notice|disclaimer|this\s+e-?mail\s+(?:and\s+any\s+attachments\s+)?(?:is|are|may)"
    r"|diese\s+e-?mail\s+(?:enthält|ist)\s+vertraulich|ce\s+(?:message|courriel)\s+(?:et\s+ses|est|peut)"
    r"|este\s+(?:mensaje|correo)\s+(?:y\s+sus|es|puede)|questo\s+messaggio|dit\s+e-?mail(?:bericht)?\s+is"
    r"|esta\s+mensagem)\b",
    re.IGNORECASE,
)
_SIGN_OFF_WORDS = r"""(?:
        best|best\s+regards|kind\s+regards|warm\s+regards|regards|many\s+thanks|thanks(?:\s+again)?|thank\s+you|cheers
      | sincerely|all\s+the\s+best|talk\s+soon|br
      | mit\s+freundlichen\s+grüßen|freundliche\s+grüße|viele\s+grüße|beste\s+grüße|liebe\s+grüße
      | herzliche\s+grüße|schöne\s+grüße|grüße|gruß|lg|vg|mfg
      | cordialement|bien\s+cordialement|bien\s+à\s+vous|meilleures\s+salutations|salutations|amicalement
      | bonne\s+journée|merci|à\s+bientôt
      | saludos|un\s+saludo|saludos\s+cordiales|atentamente|un\s+abrazo|gracias|muchas\s+gracias
      | cordiali\s+saluti|distinti\s+saluti|saluti|un\s+saluto|grazie|a\s+presto
      | met\s+vriendelijke\s+groet(?:en)?|vriendelijke\s+groet(?:en)?|hartelijke\s+groet(?:en)?|groeten|groet|mvg
      | atenciosamente|cumprimentos|abraços|abraço|obrigad[oa]|saudações|att
    )"""
# "Best regards," alone, "Mit freundlichen Grüßen / Best regards", or "LG Jonas", "Best, Priya"
_SIGN_OFF = re.compile(
    rf"""^\s*{_SIGN_OFF_WORDS}\s*(?:/\s*{_SIGN_OFF_WORDS}\s*)?[,.!]?\s*(?:[A-ZÀ-Þ][\w'’-]+\s*[.!]?)?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)


def _wrapped(lines: list[str], at: int, count: int = 3) -> list[str]:
    """This line joined with up to two more, as a client that wrapped it wrote them; not across a
    blank line or the end of a sentence."""
    joined = [lines[at].strip()]
    for line in lines[at + 1 : at + count]:
        if not line.strip() or joined[-1].endswith((".", "!", "?")):
            break
        joined.append(f"{joined[-1]} {line.strip()}")
    return joined


def _quote_starts(lines: list[str], at: int) -> bool:
    line = lines[at]
    if line.lstrip().startswith(">") or _SEPARATOR.match(line):
        return True
    if _ATTRIBUTION_LOOSE.match(line) and re.search(r"[\d@]", line):
        return True
    if line.strip() and any(_ATTRIBUTION.match(joined) for joined in _wrapped(lines, at)):
        return True
    if _FROM_LABEL.match(line):
        # the labels may stand on one line ("From: X Sent: Y") or on the lines below it
        return any(_SENT_LABEL.search(nxt) for nxt in [line[5:], *lines[at + 1 : at + 6]])
    return False


def strip_reply(text: str) -> str:
    """The text above the quoted history: the first reply header, separator or quote ends it."""
    lines = text.split("\n")
    for at in range(1, len(lines)):  # a message that opens with a quote keeps it: it is all there is
        if _quote_starts(lines, at):
            return "\n".join(lines[:at]).rstrip()
    return text


# A signature by its shape: a short block of short lines at the end, each a name, a job
# title, a company, a phone number, an address or a link, as Outlook and phones append
# them without the "-- " line.
_PHONE = re.compile(r"(?:^|[\s:])\+?\(?\d[\d\s()./-]{6,}\d\b")
_LINK = re.compile(
    r"\S*(?:https?://|www\.|@)\S+|\b[\w.-]+\.(?:com|net|org|io|de|fr|es|it|nl|pt|eu|co|uk|example)\b\S*",
    re.IGNORECASE,
)
# Registry lines of a company's legal footer (German Impressum, French RCS, Dutch KvK, ...)
_LEGAL = re.compile(
    r"\b(?:hrb|hra|amtsgericht|registergericht|sitz\s+der\s+gesellschaft|ust-id(?:nr)?|vat|kvk|rcs|siret|siren|cif"
    r"|p\.\s*iva|partita\s+iva|nif|nipc|company\s+(?:number|no)|registered\s+(?:in|office)|handelsregister)\b",
    re.IGNORECASE,
)
_LABEL = re.compile(
    r"^\s*(?:t|m|e|w|f|p|tel|tél|phone|mobile|mob|cell|fax|handy|telefon|telefono|teléfono|móvil|tlf|email|e-mail"
    r"|web|mail)\s*[.:]",
    re.IGNORECASE,
)
_COMPANY = re.compile(
    r"\b(?:gmbh|ag|kg|se|inc|ltd|llc|plc|corp|s\.?l\.?|s\.?a\.?|sas|sarl|b\.?v\.?|n\.?v\.?|s\.?p\.?a\.?|s\.?r\.?l\.?"
    r"|lda|ltda|as|aps|ab|oy|sp\.\s*z\s*o\.o)\b\.?",
    re.IGNORECASE,
)
_TITLE = re.compile(
    r"\b(?:ceo|cto|cfo|coo|cio|cmo|vp|svp|evp|founder|co-founder|owner|president|partner|director|head|manager"
    r"|lead|chief|officer|engineer|consultant|sales|operations|procurement|purchasing|buyer|account|executive"
    r"|assistant|analyst|specialist|coordinator|geschäftsführer(?:in)?|leiter(?:in)?|vertrieb|einkauf|inhaber(?:in)?"
    r"|prokurist(?:in)?|directeur|directrice|responsable|gérant(?:e)?|chef|acheteur|director(?:a)?|gerente|jefe"
    r"|jefa|responsabile|amministratore|direttore|directeur|hoofd|inkoop|eigenaar|diretor(?:a)?|gestor(?:a)?"
    r"|sócio|socio|fundador(?:a)?|fondateur|fondatrice|gründer(?:in)?|dipl\.)",
    re.IGNORECASE,
)
_NAME_WORD = r"(?:[A-ZÀ-ÞŁØ][\w'’.-]*|van|von|der|den|de|da|di|la|le|del|dos|du|y|e|zu|ten|ter)"
_NAME = re.compile(rf"^\s*{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}}\s*$")


_STREET = re.compile(
    r"\b\d{4,5}\b|\b(?:str\.|straße|strasse|street|st\.|road|rd\.|avenue|ave\.|rue|calle|c/|via|viale|piazza|laan|weg"
    r"|plein|straat|rua|avenida|av\.|platz|ul\.|suite)",
    re.IGNORECASE,
)


def _signature_line(line: str) -> str:
    """What kind of signature line this is ('' when it reads as prose)."""
    text = line.strip().strip("|•·-–").strip()
    if _LEGAL.search(text) and len(text) <= 240:
        return "legal"
    if not text or len(text) > 80 or len(re.findall(r"[^\W\d_]+", text)) > 10 or text.endswith(("?", ":")):
        return ""
    if _LABEL.match(text):
        return "contact"
    if _PHONE.search(text) or _LINK.search(text):
        # "T +49 40 555" is a signature's; "Call me at +49 40 555" is a sentence's
        rest = _LINK.sub(" ", _PHONE.sub(" ", text))
        return "contact" if len(re.findall(r"[^\W\d_]{3,}", rest)) <= 1 else ""
    if re.search(r"\d", text) and _STREET.search(text) and len(text.split()) <= 8:
        return "address"
    if "|" in text or " · " in text or " – " in text or " - " in text:
        parts = [p for p in re.split(r"\s+[|·–-]\s+|\|", text) if p.strip()]
        return "mixed" if len(parts) > 1 and all(_signature_line(p) for p in parts) else ""
    if text.endswith(".") and not _COMPANY.search(text):
        return ""
    if _COMPANY.search(text):
        return "company"
    if _TITLE.search(text):
        return "title"
    if _NAME.match(text):
        return "name"
    return ""


def _is_signature(block: list[str]) -> bool:
    """Signature-shaped: every line a signature's, opening with who, and more than a name."""
    kinds = [_signature_line(line) for line in block]
    if not block or len(block) > 8 or not all(kinds):
        return False
    if len(block) == 1:
        return kinds[0] in ("mixed", "legal")
    return kinds[0] in ("name", "title", "company", "mixed") and any(
        k in ("contact", "title", "company", "mixed") for k in kinds
    )


def strip_signature(text: str) -> str:
    """Cut the signature: after a '-- ' line, a mobile footer, a sign-off, or by its shape."""
    lines = text.rstrip().split("\n")
    for at in range(1, len(lines)):
        line = lines[at]
        if line.rstrip() in ("--", "-- ") or _MOBILE_FOOTER.match(line) or _DISCLAIMER.match(line):
            lines = lines[:at]
            break
        rest = [r for r in lines[at + 1 :] if r.strip()]
        if _SIGN_OFF.match(line) and len(rest) <= 8 and all(_signature_line(r) for r in rest):
            lines = lines[:at]
            break
    # trailing blocks, from the last one up, while each has a signature's shape
    while True:
        while lines and not lines[-1].strip():
            lines.pop()
        blank = max((i for i, line in enumerate(lines) if not line.strip()), default=-1)
        block = lines[blank + 1 :]
        above = [line for line in lines[:blank] if line.strip()]
        # "These people will join:" introduces a list of names and titles; it is no signature
        if not above or above[-1].rstrip().endswith(":") or not _is_signature(block):
            break
        lines = lines[:blank]
    return "\n".join(lines)
