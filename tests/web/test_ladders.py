import pytest

from earnest.ledger.models import CustomLadder

pytestmark = pytest.mark.django_db

GOOD = """key = "mine"
name = "Mine"

[[rungs]]
key = "talk"
label = "Talked"
currencies = ["time"]
weight = 1
"""


def test_it_lists_and_shows_the_built_in_ladders(owner_client, workspace, ws_url):
    html = owner_client.get(ws_url("ladders/")).content.decode()
    assert "built in" in html and "Copy to edit" in html
    assert "Placed a pre-order" in owner_client.get(ws_url("ladders/discovery/")).content.decode()


def test_it_starts_a_new_ladder_from_a_copy(owner_client, workspace, ws_url):
    html = owner_client.get(ws_url("ladders/new/?from=micro")).content.decode()
    assert "key = &quot;my_micro&quot;" in html


def test_it_shows_a_broken_ladder_file_error_with_its_line_and_keeps_the_text(owner_client, workspace, ws_url):
    source = GOOD.replace("weight = 1", "weight = -3")
    response = owner_client.post(ws_url("ladders/new/"), {"source": source})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Line 8:" in html and 'class="bad"><span class="ln">8</span>' in html
    assert "weight = -3" in html
    assert not CustomLadder.objects.exists()


def test_it_saves_edits_and_deletes_a_ladder(owner_client, workspace, ws_url):
    response = owner_client.post(ws_url("ladders/new/"), {"source": GOOD})
    assert response.url == ws_url("ladders/mine/")
    owner_client.post(ws_url("ladders/mine/edit/"), {"source": GOOD.replace('"Mine"', '"Ours"')})
    assert CustomLadder.objects.get(workspace=workspace, key="mine").name == "Ours"
    html = owner_client.get(ws_url("ladders/mine/")).content.decode()
    assert 'name="version" value="2"' in html
    owner_client.post(ws_url("ladders/mine/delete/"), {"version": "2"})
    assert not CustomLadder.objects.exists()


def test_it_refuses_to_delete_a_ladder_someone_changed_since_the_page_was_shown(owner_client, workspace, ws_url):
    owner_client.post(ws_url("ladders/new/"), {"source": GOOD})
    assert 'name="version" value="1"' in owner_client.get(ws_url("ladders/mine/")).content.decode()
    owner_client.post(ws_url("ladders/mine/edit/"), {"source": GOOD.replace('"Mine"', '"Theirs"'), "version": 1})
    for stale in ({"version": "1"}, {}):
        response = owner_client.post(ws_url("ladders/mine/delete/"), stale, follow=True)
        html = response.content.decode()
        assert response.redirect_chain[-1][0] == ws_url("ladders/mine/")
        assert "Not saved" in html and "alert-error" in html
    assert CustomLadder.objects.get(workspace=workspace, key="mine").name == "Theirs"


def test_it_answers_404_for_a_ladder_of_another_workspace(outsider_client, workspace, other_workspace):
    from earnest.ledger.services.ladders import ladder_save

    ladder_save(workspace=workspace, source=GOOD)
    assert outsider_client.get(f"/w/{other_workspace.slug}/ladders/mine/").status_code == 404
    assert outsider_client.get(f"/w/{other_workspace.slug}/ladders/mine/edit/").status_code == 404


def test_it_refuses_an_edit_made_on_an_old_version_and_keeps_the_text(owner_client, workspace, ws_url):
    owner_client.post(ws_url("ladders/new/"), {"source": GOOD})
    owner_client.post(ws_url("ladders/mine/edit/"), {"source": GOOD.replace('"Mine"', '"Theirs"'), "version": 1})
    mine = GOOD.replace('"Mine"', '"Ours"')
    response = owner_client.post(ws_url("ladders/mine/edit/"), {"source": mine, "version": 1})
    assert response.status_code == 400
    assert b"someone else saved this ladder" in response.content and b"Ours" in response.content
    assert CustomLadder.objects.get(workspace=workspace, key="mine").name == "Theirs"
