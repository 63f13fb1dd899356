from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from diplomacy import health

urlpatterns = [
    path("", RedirectView.as_view(url="/api/v1/", permanent=False)),
    path("health/live", health.live, name="health-live"),
    path("health/ready", health.ready, name="health-ready"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
]

handler400 = "api.errors.bad_request"
handler404 = "api.errors.not_found"
handler500 = "api.errors.server_error"
