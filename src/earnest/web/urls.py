from django.urls import include, path

from earnest.api.api import api

from . import health

urlpatterns = [
    path("health", health.health, name="health"),
    path("api/v1/", api.urls),
    path("", include("earnest.webui.urls_accounts")),
    path("", include("earnest.webui.urls")),
]

# A 500 names the request id that the server log's line carries (earnest.web.middleware).
handler500 = "earnest.web.middleware.server_error"
