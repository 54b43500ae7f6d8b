"""Where a server keeps its state, and that the tests keep theirs apart from the user's."""

import os
from pathlib import Path

from django.conf import settings


def test_the_tests_run_in_their_own_home_and_cache_not_the_users():
    home = Path(os.environ["EARNEST_HOME"]).resolve()
    assert Path(settings.EARNEST_HOME).resolve() == home
    cache = settings.CACHES["default"]
    assert Path(cache["LOCATION"]).resolve().is_relative_to(home)


def test_worker_processes_share_one_file_cache_whose_keys_name_the_database():
    cache = settings.CACHES["default"]
    assert cache["BACKEND"].endswith("FileBasedCache")
    assert len(cache["KEY_PREFIX"]) == 12 and cache["KEY_PREFIX"].isalnum()


def test_only_the_server_catches_up_stale_verdicts_in_the_background():
    import subprocess
    import sys

    probe = ("import django; django.setup(); import earnest.ledger.snapshots as s; before = s.BACKGROUND; "
             "import earnest.web.wsgi; print(before, s.BACKGROUND)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=os.environ)
    assert out.stdout.split() == ["False", "True"]
