from django.contrib.sitemaps.views import sitemap
from django.urls import path

from pages import views
from pages.limits import limited
from pages.reading import SINGULAR
from pages.sitemaps import SITEMAPS

app_name = "pages"

urlpatterns = [
    path("", views.home, name="home"),
    path("search", views.search, name="search"),
    path("sitemap.xml", limited(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
]
for resource, singular in SINGULAR.items():
    urlpatterns += [
        path(f"{resource}/", views.list_page, {"resource": resource}, name=resource),
        path(
            f"{resource}/<slug:slug>/",
            views.record_page,
            {"resource": resource},
            name=singular,
        ),
    ]
