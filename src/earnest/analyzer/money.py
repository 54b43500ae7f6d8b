"""Money amounts as people write them: $5k, 5,000 USD, €1.2m, 10 grand, two thousand dollars."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SYMBOLS = {
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "usd": "USD",
    "eur": "EUR",
    "gbp": "GBP",
    "dollar": "USD",
    "dollars": "USD",
    "bucks": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "quid": "GBP",
    "grand": "USD",
    "cent": "USD",
    "cents": "USD",
    # the currencies of the rest of the world, as notes write them before or after the number
    "₹": "INR",
    "rs": "INR",
    "rs.": "INR",
    "rupee": "INR",
    "rupees": "INR",
    "¥": "JPY",
    "yen": "JPY",
    "₦": "NGN",
    "naira": "NGN",
    "₱": "PHP",
    "r$": "BRL",
    "reais": "BRL",
    "r": "ZAR",
    "rand": "ZAR",
    "ksh": "KES",
    "rp": "IDR",
    "zł": "PLN",
    "zloty": "PLN",
    "peso": "MXN",
    "pesos": "MXN",
    "dirham": "AED",
    "dirhams": "AED",
}
# ISO codes, in capitals only ("try" and "php" are words too)
_CODES = (
    "CAD",
    "AUD",
    "NZD",
    "ZAR",
    "INR",
    "CHF",
    "SEK",
    "NOK",
    "DKK",
    "JPY",
    "BRL",
    "MXN",
    "PLN",
    "AED",
    "SAR",
    "NGN",
    "KES",
    "SGD",
    "HKD",
    "CNY",
    "RMB",
    "IDR",
    "MYR",
    "THB",
    "VND",
    "CZK",
    "RON",
    "CLP",
    "COP",
    "ARS",
    "PEN",
    "GHS",
    "EGP",
    "QAR",
)
_SCALE = {
    "k": 1e3,
    "thousand": 1e3,
    "grand": 1e3,
    "m": 1e6,
    "mm": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "lakh": 1e5,
    "lakhs": 1e5,
    "crore": 1e7,
    "crores": 1e7,
}
_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twenty": 20,
    "fifty": 50,
    "a hundred": 100,
    "a few hundred": 300,
    "hundred": 100,
    "a thousand": 1000,
}

# "5.000" and "5.000,50" (European grouping) come first; "5,000.50" and "5.00" after them.
_EURO_NUM = r"(?:\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?|\d+,\d{2})(?!\d)(?![.,]\d)"
# "R 7 200", "12 000 €": thousands grouped by spaces, read only beside a currency
_SPACED_NUM = r"(?<!\d[ \t])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![ \u00a0\u202f]?\d)"
_NUM = rf"(?:{_EURO_NUM}|{_SPACED_NUM}|(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?)"
_WORDNUM = "|".join(sorted((re.escape(w) for w in _WORD_NUMBERS), key=len, reverse=True))
_SCALE_RE = r"(?:k|m|mm|bn|b|thousand|million|billion|grand|lakhs?|crores?)\b"
_ISO = "|".join(_CODES)
_UNIT = (
    r"(?:usd|eur|gbp|dollars?|bucks|euros?|pounds?|quid|cents?|rupees?|yen|naira|reais|rand|zloty|pesos?|"
    rf"dirhams?|(?-i:{_ISO}))\b"
)
# Symbols and prefixes: "R$ 5.000" before "$"; "R 7 200" (rand) and "Rs 5,000" before a number only
# ("R2" is a release: the rand's "R" needs three digits at least)
_SYM = r"R\$|[$€£₹¥₦₱]|(?<![A-Za-z])(?-i:(?:Rs\.?|Rp|KSh|Ksh)(?=[ \t]?\d)|R(?=[ \t]?(?:\d{3}|\d{1,3}[, \u00a0]\d{3})))"
MONEY_RE = re.compile(
    rf"(?P<sym>{_SYM})\s?(?P<num>{_NUM})\s?(?P<scale>{_SCALE_RE})?"
    rf"|\b(?P<code>usd|eur|gbp|(?-i:{_ISO}))\s?(?P<num2>{_NUM})\s?(?P<scale2>{_SCALE_RE})?"
    rf"|\b(?P<num3>{_NUM}|{_WORDNUM})\s?(?P<scale3>{_SCALE_RE})?\s?(?P<unit>{_UNIT}|grand\b)"
    rf"|\b(?P<num4>\d+(?:\.\d+)?)(?P<scale4>k|m|mm)\b"
    rf"|\b(?P<num5>{_NUM})\s?(?P<sym5>[$€£₹¥₦₱]|zł)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Money:
    start: int
    end: int
    currency: str
    value: float

    @property
    def label(self) -> str:
        number = f"{self.value:,.2f}" if self.value % 1 else f"{int(self.value):,}"
        return f"{self.currency} {number}"


_EURO_GROUPS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?|\d+,\d{2}")


def _number(raw: str, scaled: bool = False) -> float:
    key = raw.lower()
    if key in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[key])
    raw = re.sub(r"[ \u00a0\u202f]", "", raw)  # "7 200": grouped by spaces
    lone_group = "," not in raw and raw.count(".") == 1
    if _EURO_GROUPS.fullmatch(raw) and not (lone_group and (scaled or raw.startswith("0"))):
        # A dot before exactly three digits groups thousands, whatever the currency: dollars,
        # euros and pounds have two decimals, so "$1.500" written as $1.50 with a stray zero is far
        # rarer than a European writing fifteen hundred. Sub-cent prices start with a zero
        # ("$0.005 per call") and stay decimals, and so does a number with a scale: "$1.500k"
        # is someone's 1.5k, not 1.5 million.
        return float(raw.replace(".", "").replace(",", "."))
    return float(raw.replace(",", ""))


def find_money(text: str) -> list[Money]:
    """Every money amount in `text`; a bare number without currency or scale is not one."""
    found: list[Money] = []
    for m in MONEY_RE.finditer(text):
        g = m.groupdict()
        raw = g["num"] or g["num2"] or g["num3"] or g["num4"] or g["num5"]
        scale = (g["scale"] or g["scale2"] or g["scale3"] or g["scale4"] or "").lower()
        unit = (g["sym"] or g["code"] or g["unit"] or g["sym5"] or "$").lower()
        if g["unit"] and g["unit"].lower() == "grand":
            scale = scale or "grand"
        currency = _SYMBOLS.get(unit, unit.upper() if unit.upper() in _CODES else "USD")
        value = _number(raw, scaled=bool(scale)) * _SCALE.get(scale, 1.0)
        if g["unit"] and g["unit"].lower().startswith("cent"):
            value /= 100
        if value == 0:
            continue  # "budget is $0" names no money: it says there is none
        # the optional space before a scale that is not there is no part of the amount
        found.append(Money(m.start(), m.start() + len(m.group(0).rstrip()), currency, value))
    return found
