import pytest

from earnest.domain.errors import DomainError
from earnest.ledger.reads.selectors import lead_assessments
from earnest.ledger.services.demo import demo_load


def test_the_demo_shows_every_main_verdict(workspace, today):
    assert demo_load(workspace=workspace, today=today) == 12
    verdicts = {h.name: a.verdict.value for h, a in lead_assessments(workspace, today)}
    assert verdicts["Northwind Freight"] == "real"
    assert verdicts["Bluebird Clinics"] == "zombie"
    assert verdicts["Cobalt Analytics"] == "stalled"
    assert verdicts["Dunmore Dental"] == "unasked"
    assert verdicts["Everline Legal"] == "rejected"
    assert verdicts["Fairway Retail"] == "not_a_prospect"
    assert verdicts["Greystone Insurance"] == "nurture"
    assert verdicts["Harbor Robotics"] == "customer"
    assert verdicts["Ironleaf Foods"] == "parked"
    assert verdicts["Juniper Schools"] == "lost"
    assert verdicts["Kestrel Energy"] == "zombie"


def test_the_demo_refuses_to_mix_with_real_data_unless_reset(workspace, today):
    demo_load(workspace=workspace, today=today)
    with pytest.raises(DomainError, match="already has prospects"):
        demo_load(workspace=workspace, today=today)
    assert demo_load(workspace=workspace, today=today, reset=True) == 12


def test_keep_loads_an_empty_workspace_and_leaves_a_used_one_alone(workspace, today):
    from earnest.ledger.models import Prospect
    from earnest.ledger.services.prospects import prospect_create

    assert demo_load(workspace=workspace, today=today, keep=True) == 12
    prospect_create(workspace=workspace, name="Entered After The Demo", created_on=today)
    assert demo_load(workspace=workspace, today=today, keep=True) == 0
    assert Prospect.objects.filter(workspace=workspace).count() == 13
