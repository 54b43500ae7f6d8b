"""A prospect's domain: pasted however people paste it, stored as the name, refused when it is none."""

import pytest

from earnest.domain.domain_names import domain_key, domain_name
from earnest.domain.errors import DomainError


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("acme.com", "acme.com"),
        ("https://www.acme.com/", "acme.com"),
        ("  HTTP://Sub.Acme.co.uk:8080/about?x=1#team ", "sub.acme.co.uk"),
        ("acme.com.", "acme.com"),
        ("my-company.example", "my-company.example"),
        ("münchen.de", "münchen.de"),
        ("xn--mnchen-3ya.de", "xn--mnchen-3ya.de"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_a_domain_is_stored_as_its_name(typed, stored):
    assert domain_name(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "not a domain",
        "http://x",
        "acme",
        "priya@acme.com",
        "10.0.0.1",
        "acme..com",
        "-acme.com",
        "acme-.com",
        "acme.c",
        "acme.123",
        "acme_corp.com",
        "https://",
        f"{'a' * 64}.com",
        ".".join(["abcdefghij"] * 24) + ".com",  # 267 characters
    ],
)
def test_what_is_no_domain_name_is_refused_with_the_value_quoted(typed):
    with pytest.raises(DomainError, match="is not a domain name: write it like acme.com") as refused:
        domain_name(typed)
    assert repr(typed.strip()) in str(refused.value)


def test_matching_keys_never_refuse():
    assert domain_key("https://www.Orbit.example/about") == "orbit.example"
    assert domain_key("not a domain") == "not a domain"
