"""The site's settings for the benchmark's load test, with the API's per-minute limits lifted:
wrk sends thousands of requests a minute with one token, and would measure 429s
(`run.py::load_test`)."""

from earnest.web.settings import *  # noqa: F403

API_RATE_PER_TOKEN = API_RATE_PER_USER = 1_000_000_000
