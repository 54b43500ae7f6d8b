"""A prospect's domain: the company's web domain ("acme.com"), written however people paste it.

`domain_key` shortens whatever was typed to the part that names the site, for matching records;
`domain_name` does the same and refuses what is not a domain name, for storing one.
"""

from __future__ import annotations

import re

from .errors import DomainError

MAX_LENGTH = 253  # DNS: a name of at most 253 characters, labels of at most 63
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_TOP_LEVEL = re.compile(r"[a-z]{2,63}|xn--[a-z0-9-]{1,59}")


def domain_key(value: str) -> str:
    """'https://www.Acme.example/about?x=1' -> 'acme.example'; text that is no address comes back lower-cased."""
    text = value.strip().lower()
    for prefix in ("https://", "http://"):
        text = text.removeprefix(prefix)
    site = re.split(r"[/?#]", text, maxsplit=1)[0]
    return site.split(":")[0].removeprefix("www.").strip(".")


def _ascii(site: str) -> str:
    """The name as DNS spells it: 'münchen.de' -> 'xn--mnchen-3ya.de'; '' when it cannot be spelled so."""
    try:
        return site.encode("idna").decode("ascii")
    except UnicodeError:
        return ""


def is_domain_name(site: str) -> bool:
    """Whether `site` (as `domain_key` leaves it) names a host on the web: dot-separated labels of
    letters, digits and inner hyphens, under a top-level domain of letters (an IP address is not one)."""
    spelled = _ascii(site)
    labels = spelled.split(".")
    return (
        0 < len(spelled) <= MAX_LENGTH
        and len(labels) >= 2
        and all(_LABEL.fullmatch(label) for label in labels)
        and _TOP_LEVEL.fullmatch(labels[-1]) is not None
    )


def domain_name(value: str) -> str:
    """The domain to store for what was typed: 'https://www.Acme.com/' -> 'acme.com', '' -> ''.

    Anything that does not come down to a domain name ('not a domain', 'http://x', an email address)
    is refused with the value quoted, rather than stored as it is."""
    if not value.strip():
        return ""
    site = domain_key(value)
    if not is_domain_name(site):
        raise DomainError(
            f"domain {value.strip()!r} is not a domain name: write it like acme.com "
            "(a web address such as https://www.acme.com/ is shortened to that)"
        )
    return site
