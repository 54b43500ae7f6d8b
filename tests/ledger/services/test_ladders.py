import pytest

from earnest.domain.errors import DomainError, LadderFileError
from earnest.ledger.reads.selectors import workspace_ladders
from earnest.ledger.services.commitments import commitment_ask
from earnest.ledger.services.ladders import ladder_delete, ladder_save
from earnest.ledger.services.prospects import prospect_create

LADDER = """
key = "agency"
name = "Agency sales"

[[rungs]]
key = "call"
label = "Took a call"
currencies = ["time"]
weight = 1

[[rungs]]
key = "retainer"
label = "Signed a retainer"
currencies = ["money"]
weight = 10
customer = true
"""


def test_a_custom_ladder_is_saved_and_only_its_workspace_sees_it(workspace, other_workspace):
    ladder_save(workspace=workspace, source=LADDER)
    assert "agency" in workspace_ladders(workspace)
    assert "agency" not in workspace_ladders(other_workspace)


def test_a_broken_ladder_file_names_the_line(workspace):
    broken = LADDER.replace('currencies = ["money"]', 'currencies = ["gold"]')
    with pytest.raises(LadderFileError) as err:
        ladder_save(workspace=workspace, source=broken, origin="agency.toml")
    assert err.value.path == "agency.toml" and err.value.line == 14
    assert "gold" in str(err.value)


def test_a_builtin_key_cannot_be_taken(workspace):
    with pytest.raises(DomainError, match="built-in"):
        ladder_save(workspace=workspace, source=LADDER.replace('"agency"', '"b2b"'))


def test_a_new_version_may_not_drop_rungs_in_use(workspace, days):
    ladder_save(workspace=workspace, source=LADDER)
    p = prospect_create(workspace=workspace, name="Client", ladder="agency", created_on=days(-1))
    commitment_ask(prospect=p, on=days(0), rung="retainer")
    trimmed = LADDER.split('[[rungs]]\nkey = "retainer"')[0] + ""
    with pytest.raises(DomainError, match="retainer"):
        ladder_save(workspace=workspace, source=trimmed)
    with pytest.raises(DomainError, match="used by 1"):
        ladder_delete(workspace=workspace, key="agency")


def test_a_save_based_on_an_old_version_is_refused(workspace):
    from earnest.ledger.models import CustomLadder
    from earnest.ledger.services.versions import StaleEdit

    ladder_save(workspace=workspace, source=LADDER)
    ladder_save(
        workspace=workspace, source=LADDER.replace("Agency sales", "Agency sales v2"), key="agency", expected_version=1
    )
    with pytest.raises(StaleEdit, match="someone else saved"):
        ladder_save(
            workspace=workspace, source=LADDER.replace("Agency sales", "Mine"), key="agency", expected_version=1
        )
    row = CustomLadder.objects.get(workspace=workspace, key="agency")
    assert (row.name, row.version) == ("Agency sales v2", 2)


def test_an_edit_cannot_rename_the_ladder(workspace):
    ladder_save(workspace=workspace, source=LADDER)
    with pytest.raises(DomainError, match="cannot change"):
        ladder_save(workspace=workspace, source=LADDER.replace('"agency"', '"other"'), key="agency")
