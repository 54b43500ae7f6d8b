import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "earnest.web.settings")
application = get_wsgi_application()

# A long-lived server: many stale verdicts (a new day) are caught up by a thread while pages
# go on showing the earlier ones, instead of one request waiting for the whole workspace.
from earnest.ledger import snapshots  # noqa: E402

snapshots.BACKGROUND = True
