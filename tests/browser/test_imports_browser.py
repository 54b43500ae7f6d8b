"""Bringing a CRM export in through the browser: upload, dry run, import, and the prospects in the pipeline."""

from __future__ import annotations

import re

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.browser

HUBSPOT = ROOT / "tests" / "transfer" / "fixtures" / "hubspot-companies.csv"


def test_a_founder_uploads_a_hubspot_export_checks_it_and_imports_it(server, page, shoot):
    base, _ = server
    page.goto(base + "/w/demo/")
    page.get_by_role("link", name="Import & export").click()
    page.wait_for_url(re.compile(r"/w/demo/imports/$"))
    assert page.get_by_role("heading", name="Import & export").is_visible()
    page.evaluate(
        "window.uploadProgress = [];"
        "document.addEventListener('htmx:xhr:progress', e => window.uploadProgress.push(e.detail.loaded))"
    )
    shoot(page, "20-imports")

    csv = page.locator("#csv-form")
    csv.locator("input[type=file]").set_input_files(str(HUBSPOT))
    csv.get_by_label("Exported from").select_option("preset:hubspot")
    csv.get_by_role("button", name="Check the file").click()
    page.wait_for_selector("#csv-result >> text=Dry run of hubspot-companies.csv")
    assert page.evaluate("window.uploadProgress.length") > 0
    assert csv.locator("progress").is_hidden()  # shown while uploading, hidden with the result
    assert csv.locator("input[type=file]").evaluate("input => input.files.length") == 1  # the file is kept
    shoot(page, "21-imports-dry-run")

    csv.get_by_role("button", name=re.compile(r"^Import \d+ changes?$")).click()
    page.wait_for_selector("#csv-result >> text=Imported hubspot-companies.csv")
    shoot(page, "22-imports-done")

    page.get_by_role("link", name="See the pipeline").click()
    page.wait_for_url(re.compile(r"/w/demo/pipeline/$"))
    for name in ("Globex", "Initech, Inc."):
        assert page.get_by_role("link", name=name, exact=True).first.is_visible()
    shoot(page, "23-pipeline-after-import")


def test_an_oversized_file_is_refused_in_the_page_before_uploading(server, page, shoot, tmp_path):
    base, _ = server
    big = tmp_path / "huge.csv"
    big.write_bytes(b"Company name\n" + b"x" * (21 * 1024 * 1024))
    page.goto(base + "/w/demo/imports/")
    csv = page.locator("#csv-form")
    csv.locator("input[type=file]").set_input_files(str(big))
    csv.get_by_label("Text encoding").select_option("cp1252")
    csv.get_by_role("button", name="Check the file").click()
    page.wait_for_selector("#csv-result >> text=files are limited to 20 MB")
    assert csv.get_by_label("Text encoding").input_value() == "cp1252"
    shoot(page, "24-imports-too-big")
