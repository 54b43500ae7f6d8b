"""The Experiments page: one card per experiment, its evidence, versions and the asks table; tags on a prospect."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def segment(demo, days):
    """Two demo prospects tagged logistics, one experiment about them."""
    from earnest.ledger.models import Prospect
    from earnest.ledger.services.experiments import CriterionInput, experiment_add
    from earnest.ledger.services.tags import prospect_tag

    for name in ("Northwind Freight", "Bluebird Clinics"):
        prospect_tag(prospect=Prospect.objects.get(workspace=demo, name=name), tags=["logistics"])
    return experiment_add(
        workspace=demo,
        name="Carriers trial",
        hypothesis="Carriers try it on real routes",
        segment="logistics",
        criterion=CriterionInput(money=True, at_least=5),
        deadline=days(30),
        started_on=days(-10),
    )


def test_it_shows_one_card_per_experiment_with_its_evidence(owner_client, segment, ws_url):
    html = owner_client.get(ws_url("experiments/")).content.decode()
    assert html.count('data-testid="experiment"') == 3  # the demo's two, and this one
    assert ">Validated<" in html  # the demo's proved hypothesis
    assert "Carriers trial" in html and "Carriers try it on real routes" in html
    assert ">Running<" in html and "2 prospects" in html
    assert "Which asks work in logistics" in html
    assert 'aria-current="page">Experiments<' in html


def test_it_adds_an_experiment_and_keeps_a_bad_one_in_the_form(owner_client, segment, ws_url, days):
    form = {
        "new-name": "Intros",
        "new-hypothesis": "They introduce us",
        "new-segment": "logistics",
        "new-criterion": "reached",
        "new-rung": "intro_colleague",
        "new-at_least": "1",
        "new-deadline": days(20).isoformat(),
    }
    r = owner_client.post(ws_url("experiments/new/"), form)
    assert r.status_code == 302
    assert owner_client.get(ws_url("experiments/")).content.decode().count('data-testid="experiment"') == 4
    bad = owner_client.post(ws_url("experiments/new/"), {**form, "new-name": "Again", "new-at_least": ""})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "--at-least" in html and 'value="Again"' in html


def test_a_revision_keeps_the_old_version_readable(owner_client, segment, ws_url, days):
    prefix = f"r{segment.pk}"
    form = {
        f"{prefix}-hypothesis": "Carriers pay a deposit",
        f"{prefix}-segment": "logistics",
        f"{prefix}-criterion": "paying",
        f"{prefix}-at_least": "1",
        f"{prefix}-deadline": days(40).isoformat(),
    }
    assert owner_client.post(ws_url(f"experiments/{segment.pk}/revise/"), form).status_code == 302
    html = owner_client.get(ws_url("experiments/")).content.decode()
    assert "v2" in html and "Versions" in html and "Carriers pay a deposit" in html


def test_viewers_cannot_add_and_outsiders_see_nothing(client, viewer, outsider, segment, ws_url, days):
    client.force_login(viewer)
    assert client.get(ws_url("experiments/")).status_code == 200
    assert client.post(ws_url("experiments/new/"), {"new-name": "x"}).status_code == 403
    client.force_login(outsider)
    assert client.get(ws_url("experiments/")).status_code == 404
    assert client.post(ws_url(f"experiments/{segment.pk}/revise/"), {}).status_code == 404


def test_tags_are_set_on_the_prospect_page(owner_client, demo, ws_url):
    from earnest.ledger.models import Prospect

    p = Prospect.objects.get(workspace=demo, name="Northwind Freight")
    r = owner_client.post(ws_url(f"prospects/{p.pk}/tags/"), {"tags": "Logistics, EU"})
    assert r.status_code == 302
    html = owner_client.get(ws_url(f"prospects/{p.pk}/")).content.decode()
    assert ">eu</a>" in html and ">logistics</a>" in html
    bad = owner_client.post(ws_url(f"prospects/{p.pk}/tags/"), {"tags": "fine, not ok!"}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 400
    assert "Tags not saved" in bad.content.decode() and 'value="fine, not ok!"' in bad.content.decode()
    assert sorted(p.tags.values_list("name", flat=True)) == ["eu", "logistics"]


def test_the_page_costs_the_same_queries_for_one_experiment_or_five(owner_client, segment, ws_url, days):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from earnest.ledger.services.experiments import CriterionInput, experiment_add

    def queries() -> int:
        with CaptureQueriesContext(connection) as seen:
            assert owner_client.get(ws_url("experiments/")).status_code == 200
        return len(seen)

    one = queries()
    for i in range(4):
        experiment_add(
            workspace=segment.workspace,
            name=f"more {i}",
            hypothesis="h",
            segment="logistics",
            criterion=CriterionInput(money=True, at_least=1),
            deadline=days(30),
            started_on=days(-1),
        )
    assert queries() == one


def test_the_prospect_page_says_which_wording_works_in_its_segment(owner_client, workspace, days, ws_url):
    from earnest.ledger.services.conversations import AskInput, conversation_log
    from earnest.ledger.services.prospects import prospect_create
    from earnest.ledger.services.tags import prospect_tag

    shops = [prospect_create(workspace=workspace, name=f"Shop {i}", created_on=days(-30)) for i in range(4)]
    for shop in shops:
        prospect_tag(prospect=shop, tags=["retail"])
    for shop in shops[:3]:
        conversation_log(
            prospect=shop,
            on=days(-20),
            ask=AskInput(answer="agreed", rung="first_conversation", text="Fifteen minutes about returns?"),
        )
    html = owner_client.get(ws_url(f"prospects/{shops[3].pk}/")).content.decode()
    assert 'data-testid="segment-advice"' in html and "Fifteen minutes about returns?" in html
    assert "In retail" in html
