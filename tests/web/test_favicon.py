"""The icon browsers show on the tab: /favicon.ico answers (it was a 404 in every server log), and
every page links the SVG one."""

from django.test import Client

ICON_LINK = '<link rel="icon" href="/static/webui/favicon.svg" type="image/svg+xml">'


def test_favicon_ico_is_an_icon_at_the_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body[:4] == b"\0\0\1\0"  # an ICO file's header: reserved 0, type 1 (icon)


def test_pages_link_the_svg_icon_which_is_served(owner_client, workspace):
    assert ICON_LINK in owner_client.get(f"/w/{workspace.slug}/").content.decode()
    assert ICON_LINK in Client().get("/login/").content.decode()  # the pages without the top bar too
    icon = Client().get("/static/webui/favicon.svg")
    assert icon.status_code == 200 and icon["Content-Type"].startswith("image/svg+xml")
