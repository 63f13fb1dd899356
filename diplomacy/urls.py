from django.contrib import admin
from django.urls import include, path

from diplomacy import health

urlpatterns = [
    path("health/live", health.live, name="health-live"),
    path("health/ready", health.ready, name="health-ready"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("", include("pages.urls")),
]

# The API's addresses answer problem+json; the reader's pages, a page.
handler400 = "pages.errors.bad_request"
handler404 = "pages.errors.not_found"
handler500 = "pages.errors.server_error"
