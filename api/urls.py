import threading

from django.conf import settings
from django.http import HttpResponse
from django.urls import path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.exceptions import ValidationError
from rest_framework.reverse import reverse
from rest_framework.routers import APIRootView, DefaultRouter

from api import feeds
from api.parameters import TakesNoQueryParameters, check
from api.resources import RESOURCES
from api.views.auth import TokenLoginView, TokenLogoutAllView, TokenLogoutView
from api.views.changes import ChangeFeedView
from api.views.intake import (
    AcceptView,
    IntakeDetailView,
    IntakeListView,
    PublishView,
    RejectView,
)
from api.views.snapshots import urlpatterns as snapshot_urls

app_name = "api"


class ApiRootView(TakesNoQueryParameters, APIRootView):
    """The endpoints of API v1, with its OpenAPI schema and documentation pages."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        for name in ("changes", "snapshots", "schema", "docs", "redoc"):
            response.data[name] = reverse(f"api:{name}", request=request)
        response.data["feeds"] = {
            **{
                name: reverse(f"api:{resource.basename}-feed", request=request)
                for name, resource in RESOURCES.items()
            },
            "calendar": reverse("api:meeting-calendar", request=request),
        }
        response.data["pages"] = reverse("pages:home", request=request)
        return response


class SchemaView(SpectacularAPIView):
    """The OpenAPI document, generated and written once per process, language and format,
    and kept: it changes only with the code. It takes ``lang`` (the languages the service
    speaks) and ``version`` (the API's), nothing else."""

    generating = threading.Lock()  # drf-spectacular's generator is not safe for two threads
    documents: dict[tuple, bytes] = {}

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        self.check_parameters(request)
        lang, version = request.GET.get("lang"), request.GET.get("version")
        renderer, media_type = request.accepted_renderer, request.accepted_media_type
        key = (lang, version, media_type)
        content = self.documents.get(key)
        if content is None:
            with self.generating:
                document = super().get(request, *args, **kwargs).data
            context = self.get_renderer_context()
            content = self.documents[key] = renderer.render(document, media_type, context)
        title = settings.SPECTACULAR_SETTINGS["TITLE"] + (f" ({version})" if version else "")
        charset = f"; charset={renderer.charset}" if renderer.charset else ""
        response = HttpResponse(content, content_type=media_type + charset)
        response["Content-Disposition"] = f'inline; filename="{title}.{renderer.format}"'
        return response

    def check_parameters(self, request) -> None:
        check(request.query_params, {"lang": False, "version": False})
        accepted = {
            "lang": [code for code, _ in settings.LANGUAGES],
            "version": [settings.SPECTACULAR_SETTINGS["VERSION"]],
        }
        problems = {
            name: [f"Not accepted. Use: {', '.join(accepted[name])}."]
            for name, value in request.query_params.items()
            if value not in accepted[name]
        }
        if problems:
            raise ValidationError(problems)


class DocsView(TakesNoQueryParameters, SpectacularSwaggerView):
    """Swagger UI: a page to read, so GET and HEAD only (OPTIONS has no template to render)."""

    http_method_names = ["get", "head"]


class RedocView(TakesNoQueryParameters, SpectacularRedocView):
    """ReDoc: a page to read, so GET and HEAD only, with nothing loaded from other hosts."""

    http_method_names = ["get", "head"]
    template_name = "api/redoc.html"
    # ReDoc's own "powered by" logo comes from its CDN: the browser is told not to fetch it.
    policy = (
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:"
    )

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["Content-Security-Policy"] = self.policy
        return response


router = DefaultRouter()
router.APIRootView = ApiRootView
for resource in RESOURCES.values():
    router.register(resource.name, resource.viewset, basename=resource.basename)

urlpatterns = [
    path("auth/token/", TokenLoginView.as_view(), name="token"),
    path("auth/logout/", TokenLogoutView.as_view(), name="logout"),
    path("auth/logout-all/", TokenLogoutAllView.as_view(), name="logout-all"),
    path("changes/", ChangeFeedView.as_view(), name="changes"),
    path("intake/", IntakeListView.as_view(), name="intake"),
    path("intake/proposals/<int:pk>/accept/", AcceptView.as_view(), name="proposal-accept"),
    path("intake/proposals/<int:pk>/reject/", RejectView.as_view(), name="proposal-reject"),
    path("intake/<slug:source>/", IntakeDetailView.as_view(), name="intake-detail"),
    path("intake/<slug:source>/publish/", PublishView.as_view(), name="intake-publish"),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", RedocView.as_view(url_name="api:schema"), name="redoc"),
    # Before the router's, whose detail routes would take "feed" for a slug.
    *feeds.urlpatterns,
    *snapshot_urls,
    *router.urls,
]
