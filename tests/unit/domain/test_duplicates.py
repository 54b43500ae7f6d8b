import pytest

from earnest.domain.duplicates import DuplicateFound, Match, domain_key, name_key


@pytest.mark.parametrize(
    "a,b",
    [
        ("Orbit Freight", "  orbit   freight "),
        ("Orbit Freight, Inc.", "orbit-freight"),
        ("Café Nord GmbH", "cafe nord"),
        ("ACME Co", "Acme"),
    ],
)
def test_names_that_differ_only_in_case_spacing_punctuation_or_legal_form_are_the_same(a, b):
    assert name_key(a) == name_key(b)


def test_a_legal_suffix_alone_is_still_a_name_and_different_companies_differ():
    assert name_key("Inc") == "inc"
    assert name_key("Orbit Freight") != name_key("Orbit Logistics")


def test_domains_compare_without_scheme_www_path_or_case():
    assert domain_key("https://www.Orbit.example/about") == domain_key("orbit.example") == "orbit.example"


def test_the_error_names_every_match_and_why():
    exc = DuplicateFound("prospect", [Match(3, "Orbit Freight", "same name")])
    assert str(exc) == "this prospect may already exist: Orbit Freight (id 3, same name)"
    assert exc.what == "prospect" and exc.matches[0].id == 3
