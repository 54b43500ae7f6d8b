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
