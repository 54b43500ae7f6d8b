"""What was typed is kept or refused in place: never cut short, never bent into another date."""

from datetime import date

import pytest

from earnest.webui.forms import DATE_ORDER, ProspectForm, StepForm

pytestmark = pytest.mark.django_db


def test_an_over_long_name_is_refused_with_the_limit_and_the_browser_is_not_told_to_cut_it():
    form = ProspectForm({"name": "x" * 5000, "ladder": "b2b"}, ladders={})
    assert not form.is_valid()
    assert form.errors["name"] == ["At most 200 characters, please: this has 5000."]
    assert "maxlength" not in str(form["name"])
    assert form["name"].value() == "x" * 5000  # kept as typed, to be shortened by the person


@pytest.mark.parametrize(
    ("typed", "order", "expected"),
    [
        ("2026-12-04", "mdy", date(2026, 12, 4)),
        ("4 Dec 2026", "dmy", date(2026, 12, 4)),
        ("12/04/2026", "mdy", date(2026, 12, 4)),
        ("12/04/2026", "dmy", date(2026, 4, 12)),
    ],
)
def test_dates_are_read_in_the_workspaces_order(typed, order, expected):
    token = DATE_ORDER.set(order)
    try:
        form = StepForm({"description": "Demo", "owner": "both", "due": typed})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["due"] == expected
    finally:
        DATE_ORDER.reset(token)


def test_an_impossible_date_is_refused_in_place_with_an_example():
    form = StepForm({"description": "Demo", "owner": "both", "due": "31/02/2026"})
    assert not form.is_valid()
    (message,) = form.errors["due"]
    assert message.startswith("Cannot read '31/02/2026' as a date") and "4 Dec 2026" in message
    html = str(form["due"])
    assert 'type="text"' in html and 'value="31/02/2026"' in html


def test_the_step_form_on_a_prospect_page_reads_day_first_in_a_day_first_workspace(owner_client, demo, ws_url):
    from earnest.ledger.models import NextStep, Prospect
    from earnest.ledger.services.workspaces import workspace_settings_update

    workspace_settings_update(workspace=demo, date_order="dmy")
    prospect = Prospect.objects.get(workspace=demo, name="Dunmore Dental")
    owner_client.post(
        ws_url(f"prospects/{prospect.pk}/steps/"), {"description": "Call back", "owner": "us", "due": "04/12/2026"}
    )
    assert NextStep.objects.get(prospect=prospect, description="Call back").due == date(2026, 12, 4)
