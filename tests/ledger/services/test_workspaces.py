import pytest

from earnest.domain.errors import DomainError
from earnest.ledger.models import Workspace
from earnest.ledger.services.prospects import workspace_ensure
from earnest.ledger.services.workspaces import workspace_settings_update


def test_a_new_workspace_is_named_after_its_slug_with_dollars_and_month_first(db):
    workspace = workspace_ensure(slug="demo")
    assert (workspace.name, workspace.money_currency, workspace.date_order) == ("demo", "USD", "mdy")


def test_settings_change_only_what_is_given(workspace):
    workspace_settings_update(workspace=workspace, money_currency=" eur ")
    workspace_settings_update(workspace=workspace, date_order="dmy")
    saved = Workspace.objects.get(pk=workspace.pk)
    assert (saved.money_currency, saved.date_order, saved.name) == ("EUR", "dmy", workspace.name)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("money_currency", "euro", "three-letter code"),
        ("money_currency", "", "three-letter code"),
        ("date_order", "ymd", "not one of: dmy, mdy"),
        ("name", "x" * 201, "at most 200"),
        ("name", "  ", "name is required"),
    ],
)
def test_bad_settings_are_refused_and_nothing_changes(workspace, field, value, message):
    with pytest.raises(DomainError, match=message):
        workspace_settings_update(workspace=workspace, **{field: value})
    saved = Workspace.objects.get(pk=workspace.pk)
    assert (saved.money_currency, saved.date_order) == ("USD", "mdy")
