"""A `tags` column in a CSV of prospects puts them into segments, idempotently and all or nothing."""

import pytest

from earnest.ledger import models as m
from earnest.transfer.csv_import import import_csv
from earnest.transfer.report import ImportFailed

CSV = b'name,domain,tags\nAcme Logistics,acme.example,"logistics, EU"\nGlobex,globex.example,retail\n'


def tags(workspace, name):
    return sorted(
        m.ProspectTag.objects.filter(prospect__workspace=workspace, prospect__name=name).values_list("name", flat=True)
    )


def test_a_tags_column_tags_new_prospects_and_a_second_import_changes_nothing(workspace, today):
    import_csv(workspace=workspace, data=CSV, name="p.csv", today=today)
    assert tags(workspace, "Acme Logistics") == ["eu", "logistics"]
    assert tags(workspace, "Globex") == ["retail"]
    again = import_csv(workspace=workspace, data=CSV, name="p.csv", today=today)
    assert again.counts() == {"prospect": {"unchanged": 2}}


def test_a_new_tag_on_a_known_prospect_is_added_and_none_is_removed(workspace, today):
    import_csv(workspace=workspace, data=CSV, name="p.csv", today=today)
    report = import_csv(
        workspace=workspace, data=b"name,domain,tags\nGlobex,globex.example,series-a\n", name="p2.csv", today=today
    )
    assert report.counts() == {"prospect": {"updated": 1}}
    assert tags(workspace, "Globex") == ["retail", "series-a"]


def test_a_bad_tag_imports_nothing(workspace, today):
    bad = b"name,tags\nAcme,fine\nGlobex,not ok!\n"
    with pytest.raises(ImportFailed) as failed:
        import_csv(workspace=workspace, data=bad, name="bad.csv", today=today)
    assert [p.line for p in failed.value.report.problems] == [3]
    assert not m.Prospect.objects.filter(workspace=workspace).exists()
