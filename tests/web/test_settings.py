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
    database = cache["KEY_PREFIX"].split(".")[0]
    assert len(database) == 12 and database.isalnum()


def _settings_in_a_new_process(code: str, **env: str) -> list[str]:
    import subprocess
    import sys

    environment = {k: v for k, v in os.environ.items() if k not in {"EARNEST_BACKGROUND_REFRESH", "EARNEST_REDIS_URL"}}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env={**environment, **env}
    )
    return out.stdout.split()


def test_background_catch_up_is_a_setting_off_outside_a_server():
    from earnest.ledger.derived.snapshots import background_enabled

    assert settings.EARNEST_BACKGROUND_REFRESH is False and not background_enabled()
    probe = (
        "import django; django.setup(); from earnest.ledger.derived.snapshots import background_enabled; "
        "print(background_enabled())"
    )
    assert _settings_in_a_new_process(probe) == ["False"]
    assert _settings_in_a_new_process(probe, EARNEST_BACKGROUND_REFRESH="1") == ["True"]


def test_a_server_loading_the_wsgi_app_catches_up_in_the_background_unless_told_not_to():
    probe = (
        "import earnest.web.wsgi; from earnest.ledger.derived.snapshots import background_enabled; "
        "print(background_enabled())"
    )
    assert _settings_in_a_new_process(probe) == ["True"]
    assert _settings_in_a_new_process(probe, EARNEST_BACKGROUND_REFRESH="0") == ["False"]


def test_cache_keys_carry_the_release_and_the_rules_version():
    from importlib import metadata

    from django.core.cache import cache

    from earnest.domain.rules_version import RULES_VERSION

    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    assert prefix.endswith(f".{metadata.version('earnest')}-r{RULES_VERSION}")
    assert cache.make_key("earnest:x").startswith(prefix + ":")
    # A new release or rules version reads under another prefix: nothing cached before is served.
    probe = (
        "import earnest.domain.rules_version as r; r.RULES_VERSION += 1; import django; django.setup(); "
        "from django.conf import settings; print(settings.CACHES['default']['KEY_PREFIX'])"
    )
    [other] = _settings_in_a_new_process(probe)
    assert other != prefix and other.split(".")[0] == prefix.split(".")[0]


def test_with_a_redis_url_the_cache_is_djangos_redis_backend_under_the_same_prefix():
    probe = (
        "import django; django.setup(); from django.conf import settings; c = settings.CACHES['default']; "
        "print(c['BACKEND'], c['LOCATION'], c['KEY_PREFIX'])"
    )
    backend, location, prefix = _settings_in_a_new_process(probe, EARNEST_REDIS_URL="redis://127.0.0.1:6379/3")
    assert backend == "django.core.cache.backends.redis.RedisCache" and location == "redis://127.0.0.1:6379/3"
    assert prefix == settings.CACHES["default"]["KEY_PREFIX"]
