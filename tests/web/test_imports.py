"""Import & export pages: uploads with a dry run first, unmatched meetings, calendar feeds, saved mappings."""

import json
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from earnest.ledger.models import Membership, Prospect
from earnest.transfer.models import FeedToken, PendingMeeting, SavedMapping

from .conftest import count_queries

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parents[1] / "transfer" / "fixtures"
HTMX = {"HTTP_HX_REQUEST": "true"}


def table_counts() -> dict[str, int]:
    """Rows per ledger and transfer table, to show that a refused upload changed nothing."""
    from django.apps import apps

    return {
        model._meta.label: model.objects.count()
        for app in ("ledger", "transfer")
        for model in apps.get_app_config(app).get_models()
    }


def upload(name: str, data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data if data is not None else (FIXTURES / name).read_bytes())


def csv_post(client, ws_url, name, data=None, htmx=True, **fields):
    payload = {
        "file": upload(name, data),
        "source": "preset:hubspot",
        "encoding": "utf-8",
        "ladder": "discovery",
        "mode": "dry_run",
        **fields,
    }
    return client.post(ws_url("imports/csv/"), payload, **(HTMX if htmx else {}))


def pending(workspace, n=1):
    from datetime import date

    return [
        PendingMeeting.objects.create(
            workspace=workspace,
            source="ics",
            external_id=f"ev-{i}@x",
            title=f"Coffee {i}",
            on=date(2026, 11, 2),
            channel="meeting",
            emails=[f"someone{i}@gmail.com"],
            notes="We talked about freight.",
        )
        for i in range(n)
    ]


def test_it_shows_the_page_from_the_main_navigation(owner_client, workspace, ws_url):
    html = owner_client.get(ws_url()).content.decode()
    assert f'href="/w/{workspace.slug}/imports/"' in html and "Import &amp; export" in html
    page = owner_client.get(ws_url("imports/")).content.decode()
    for form in ("csv", "ics", "email", "backup"):
        assert f'id="{form}-form"' in page and f'<progress id="{form}-progress"' in page
    assert 'data-max-bytes="20971520"' in page and "HubSpot" in page and "Files are limited to 20 MB." in page


def test_it_dry_runs_a_hubspot_csv_then_imports_it(owner_client, workspace, ws_url):
    before = table_counts()
    response = csv_post(owner_client, ws_url, "hubspot-companies.csv")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html  # a fragment, swapped in place
    assert "Dry run of hubspot-companies.csv" in html and 'value="import"' in html
    assert re.search(r"<td>Prospects</td><td class=\"num\">(\d+)</td>", html)
    assert table_counts() == before

    html = csv_post(owner_client, ws_url, "hubspot-companies.csv", mode="import").content.decode()
    assert "Imported hubspot-companies.csv" in html and "See the pipeline" in html
    names = set(Prospect.objects.filter(workspace=workspace).values_list("name", flat=True))
    assert {"Acme Logistics", "Globex", "Initech, Inc."} <= names

    again = csv_post(owner_client, ws_url, "hubspot-companies.csv").content.decode()
    assert "importing this file would change nothing" in again


def test_it_lists_every_bad_row_with_its_line_and_imports_nothing(owner_client, workspace, ws_url):
    data = (FIXTURES / "hubspot-companies.csv").read_bytes() + b"9999,Broken row\n\n77,Bad,x.example,,not-a-date,,,\n"
    before = table_counts()
    for mode in ("dry_run", "import"):
        html = csv_post(owner_client, ws_url, "companies.csv", data, mode=mode).content.decode()
        assert "2 problems in companies.csv" in html, mode
        assert '<td class="num">' in html and "has 2 columns; the header has 8" in html
        assert "is not a date" in html and 'value="import"' not in html
    assert table_counts() == before


def test_it_refuses_an_oversized_upload_with_a_message_and_keeps_the_choices(owner_client, workspace, ws_url):
    before = table_counts()
    big = b"a,b\n" + b"x" * (20 * 1024 * 1024)
    response = csv_post(owner_client, ws_url, "huge.csv", big, htmx=False, source="preset:pipedrive", encoding="cp1252")
    html = response.content.decode()
    assert response.status_code == 400
    assert "huge.csv is 20.0 MB; files are limited to 20 MB" in html
    assert '<option value="preset:pipedrive" selected>' in html and '<option value="cp1252" selected>' in html
    fragment = csv_post(owner_client, ws_url, "huge.csv", big).content.decode()
    assert "files are limited to 20 MB" in fragment and "<html" not in fragment
    assert table_counts() == before


def test_it_hands_files_over_ten_megabytes_to_the_importer(owner_client, workspace, ws_url):
    # Django's 10 MB memory settings must not cut below the importers' own 20 MB limit.
    html = csv_post(owner_client, ws_url, "eleven.csv", b"\x00" * (11 * 1024 * 1024)).content.decode()
    assert "eleven.csv: this is a binary file, not a CSV file" in html


@pytest.mark.parametrize(
    ("url", "name", "data", "expected"),
    [
        ("csv", "junk.csv", bytes(range(256)) * 40, "this is a binary file"),
        ("csv", "latin.csv", "Company name\nCafé Zürich\n".encode("cp1252"), "line 2 is not valid utf-8"),
        ("csv", "quotes.csv", b'Company name,Company Domain Name\n"Open,quote.example\n', "broken CSV"),
        ("ics", "cut.ics", b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\n", "the calendar is truncated"),
        ("email", "junk.mbox", b"\x00\x01\x02 garbage", "binary"),
        ("backup", "junk.json", b"{not json", "not valid JSON"),
        ("csv", "empty.csv", b"", "The submitted file is empty"),
    ],
)
def test_it_explains_a_malformed_file_and_changes_nothing(owner_client, workspace, ws_url, url, name, data, expected):
    before = table_counts()
    payload = {"file": upload(name, data), "source": "preset:hubspot", "encoding": "utf-8", "ladder": "discovery"}
    response = owner_client.post(ws_url(f"imports/{url}/"), payload, **HTMX)
    assert response.status_code == 200
    assert expected in response.content.decode() and 'role="alert"' in response.content.decode()
    assert table_counts() == before


def test_it_imports_with_a_saved_mapping_and_another_encoding(owner_client, workspace, ws_url):
    from earnest.transfer.services import mapping_save

    mapping_save(workspace=workspace, name="mine", data={"kind": "prospects", "columns": {"name": ["Firma"]}})
    data = "Firma\nMüller GmbH\n".encode("cp1252")
    html = csv_post(
        owner_client, ws_url, "firms.csv", data, source="mapping:mine", encoding="cp1252", mode="import"
    ).content.decode()
    assert "Imported firms.csv" in html
    assert Prospect.objects.get(workspace=workspace).name == "Müller GmbH"


def test_it_imports_a_calendar_and_offers_the_unmatched_meeting(owner_client, workspace, ws_url, prospect):
    from earnest.ledger.services.prospects import prospect_create

    prospect_create(workspace=workspace, name="Acme", created_on=prospect.created_on, domain="acme.example")
    post = {"file": upload("calendar.ics"), "mode": "import"}
    html = owner_client.post(ws_url("imports/ics/"), post, **HTMX).content.decode()
    assert "Imported calendar.ics" in html and "Assign " in html and "Coffee with a stranger" in html
    page = owner_client.get(ws_url("imports/pending/")).content.decode()
    assert "Coffee with a stranger" in page and 'list="prospect-names"' in page
    assert f'<option value="Northwind (#{prospect.pk})">' in page


def test_it_imports_a_mailbox_after_a_dry_run(owner_client, workspace, ws_url):
    from earnest.ledger.models import Conversation

    html = owner_client.post(ws_url("imports/email/"), {"file": upload("mailbox.mbox")}, **HTMX).content.decode()
    assert "Dry run of mailbox.mbox" in html and not Conversation.objects.exists()
    owner_client.post(ws_url("imports/email/"), {"file": upload("mailbox.mbox"), "mode": "import"}, **HTMX)
    assert Conversation.objects.exists() or PendingMeeting.objects.exists()


def test_it_assigns_a_pending_meeting_to_the_prospect_picked(owner_client, workspace, ws_url, prospect):
    first, second = pending(workspace, 2)
    bad = owner_client.post(ws_url(f"imports/pending/{first.pk}/assign/"), {"prospect": "Nobody"}, **HTMX)
    assert "No single prospect is called" in bad.content.decode() and 'value="Nobody"' in bad.content.decode()
    ok = owner_client.post(
        ws_url(f"imports/pending/{first.pk}/assign/"), {"prospect": f"Northwind (#{prospect.pk})"}, **HTMX
    )
    assert "Logged “Coffee 0” with Northwind." in ok.content.decode()
    assert prospect.conversations.count() == 1
    page = owner_client.post(ws_url(f"imports/pending/{second.pk}/assign/"), {"prospect": ""})
    assert page.status_code == 400 and "Choose the prospect this meeting was with." in page.content.decode()
    response = owner_client.post(ws_url(f"imports/pending/{second.pk}/assign/"), {"prospect": "northwind"})
    assert response.status_code == 302 and prospect.conversations.count() == 2
    assert not PendingMeeting.objects.exists()


def test_it_dismisses_a_pending_meeting(owner_client, workspace, ws_url):
    (item,) = pending(workspace)
    html = owner_client.post(ws_url(f"imports/pending/{item.pk}/dismiss/"), **HTMX).content.decode()
    assert "Dismissed “Coffee 0”" in html and not PendingMeeting.objects.exists()
    assert "Nothing waiting" in owner_client.get(ws_url("imports/pending/")).content.decode()


def test_it_downloads_a_backup_and_restores_it_only_into_an_empty_workspace(
    owner_client, owner, demo, ws_url, other_workspace
):
    response = owner_client.get(ws_url("exports/backup.json"))
    assert response["Content-Disposition"].startswith('attachment; filename="earnest-acme-team-')
    backup = response.content
    assert json.loads(backup)["format"]
    refused = owner_client.post(ws_url("imports/backup/"), {"file": upload("b.json", backup)}, **HTMX)
    assert "is not empty" in refused.content.decode()

    Membership.objects.create(user=owner, workspace=other_workspace, role="owner")
    html = owner_client.post(
        f"/w/{other_workspace.slug}/imports/backup/", {"file": upload("b.json", backup)}, **HTMX
    ).content.decode()
    assert "The backup was restored." in html
    assert (
        Prospect.objects.filter(workspace=other_workspace).count()
        == Prospect.objects.filter(workspace=demo).count()
        == 12
    )


def test_it_downloads_the_leads_csv(owner_client, demo, ws_url):
    response = owner_client.get(ws_url("exports/leads.csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode().count("\r\n") == 13  # the header and twelve leads


def test_it_creates_a_feed_shows_its_address_once_and_revokes_it(owner_client, workspace, ws_url, client):
    html = owner_client.post(ws_url("feeds/new/"), {"name": "My phone"}, **HTMX).content.decode()
    url = re.search(r'id="feed-url" value="([^"]+)"', html).group(1)
    assert url.startswith("http://testserver/feeds/fd_") and "cannot be shown again" in html
    assert owner_client.get(url).status_code == 200
    listing = owner_client.get(ws_url("feeds/")).content.decode()
    assert "My phone" in listing and url.split("/")[-1] not in listing and "active" in listing
    token = FeedToken.objects.get(workspace=workspace)
    response = owner_client.post(ws_url(f"feeds/{token.pk}/revoke/"))
    assert response.status_code == 302 and owner_client.get(url).status_code == 404
    assert "revoked" in owner_client.get(ws_url("feeds/")).content.decode()
    blank = owner_client.post(ws_url("feeds/new/"), {"name": " "})
    assert blank.status_code == 400 and "This field is required" in blank.content.decode()
    assert FeedToken.objects.count() == 1


def test_it_saves_views_and_deletes_a_mapping_edited_from_the_generic_preset(owner_client, workspace, ws_url):
    form = owner_client.get(ws_url("mappings/new/?kind=deals")).content.decode()
    assert 'name="col_stage" value="stage"' in form and 'name="col_email"' not in form
    data = {
        "name": "Ours",
        "kind": "contacts",
        "col_name": "Full name",
        "col_email": "E-mail, Mail",
        "col_company": "Org",
    }
    response = owner_client.post(ws_url("mappings/new/"), data)
    assert response.url == ws_url("mappings/ours/")
    row = SavedMapping.objects.get(workspace=workspace)
    assert row.columns == {"name": ["Full name"], "email": ["E-mail", "Mail"], "company": ["Org"]}
    shown = owner_client.get(ws_url("mappings/ours/")).content.decode()
    assert "<code>E-mail</code>, <code>Mail</code>" in shown
    edit = owner_client.get(ws_url("mappings/new/?from=ours")).content.decode()
    assert 'value="E-mail, Mail"' in edit
    assert "ours (contacts)" in owner_client.get(ws_url("imports/")).content.decode()
    owner_client.post(ws_url("mappings/ours/delete/"))
    assert not SavedMapping.objects.exists()


def test_it_shows_a_mapping_error_and_keeps_what_was_typed(owner_client, workspace, ws_url):
    data = {"name": "hubspot", "kind": "contacts", "col_title": "Job"}
    response = owner_client.post(ws_url("mappings/new/"), data)
    html = response.content.decode()
    assert response.status_code == 400 and "is a built-in preset" in html and 'value="Job"' in html
    data["name"] = "mine"
    assert "need a column for name or first_name" in owner_client.post(ws_url("mappings/new/"), data).content.decode()
    assert not SavedMapping.objects.exists()


def _urls(workspace):
    from earnest.transfer.services import feed_create, mapping_save

    (item,) = pending(workspace)
    token, _ = feed_create(workspace=workspace, name="Phone")
    mapping_save(workspace=workspace, name="mine", data={"kind": "prospects", "columns": {"name": "Firma"}})
    gets = [
        "imports/",
        "imports/pending/",
        "exports/backup.json",
        "exports/leads.csv",
        "feeds/",
        "mappings/",
        "mappings/mine/",
        "mappings/new/",
    ]
    posts = [
        "imports/csv/",
        "imports/ics/",
        "imports/email/",
        "imports/backup/",
        f"imports/pending/{item.pk}/assign/",
        f"imports/pending/{item.pk}/dismiss/",
        "feeds/new/",
        f"feeds/{token.pk}/revoke/",
        "mappings/new/",
        "mappings/mine/delete/",
    ]
    return gets, posts


def test_it_sends_anonymous_visitors_to_login_and_outsiders_to_404(client, workspace, other_workspace, ws_url):
    gets, posts = _urls(workspace)
    for path in gets:
        assert client.get(ws_url(path)).url.startswith("/login/"), path
    for path in posts:
        assert client.post(ws_url(path)).url.startswith("/login/"), path
    outsider = get_user_model().objects.create_user("oscar")
    Membership.objects.create(user=outsider, workspace=other_workspace, role="owner")
    client.force_login(outsider)
    for path in gets:
        assert client.get(ws_url(path)).status_code == 404, path
    for path in posts:
        assert client.post(ws_url(path), {"name": "x"}).status_code == 404, path
    # Another workspace's ids through the outsider's own workspace are just as unknown.
    for path in [p for p in gets + posts if re.search(r"/\d+/|mine", p)]:
        assert client.post(f"/w/{other_workspace.slug}/{path}").status_code == 404, path
    assert PendingMeeting.objects.count() == FeedToken.objects.filter(revoked_at=None).count() == 1


def test_it_lets_a_viewer_download_but_refuses_every_post(client, viewer, workspace, ws_url):
    gets, posts = _urls(workspace)
    client.force_login(viewer)
    for path in gets:
        assert client.get(ws_url(path)).status_code == 200, path
    page = client.get(ws_url("imports/")).content.decode()
    assert "only owners and members can import" in page and 'id="csv-form"' not in page
    before = table_counts()
    for path in posts:
        payload = {"file": upload("hubspot-companies.csv"), "source": "preset:hubspot", "mode": "import", "name": "x"}
        assert client.post(ws_url(path), payload).status_code == 403, path
    assert table_counts() == before


def test_it_reads_lists_in_a_bounded_number_of_queries(owner_client, workspace, ws_url):
    from earnest.transfer.services import feed_create, mapping_save

    def queries():
        return {
            path: count_queries(owner_client, ws_url(path))
            for path in ("imports/", "imports/pending/", "feeds/", "mappings/")
        }

    pending(workspace, 1)
    feed_create(workspace=workspace, name="One")
    mapping_save(workspace=workspace, name="m0", data={"kind": "prospects", "columns": {"name": "N"}})
    few = queries()
    for i in range(1, 25):
        PendingMeeting.objects.create(
            workspace=workspace,
            source="ics",
            external_id=f"more-{i}",
            title=f"More {i}",
            on="2026-11-01",
            channel="meeting",
        )
        feed_create(workspace=workspace, name=f"Feed {i}")
        mapping_save(workspace=workspace, name=f"m{i}", data={"kind": "prospects", "columns": {"name": "N"}})
    assert queries() == few
    assert max(few.values()) <= 8
