import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "earnest.web.settings")
# A long-lived server: many stale verdicts (a new day, a new rules version) are caught up by a
# thread while pages go on showing the earlier ones, instead of one request waiting for the whole
# workspace. A setting, read when the settings load: EARNEST_BACKGROUND_REFRESH=0 turns it off.
os.environ.setdefault("EARNEST_BACKGROUND_REFRESH", "1")
application = get_wsgi_application()
