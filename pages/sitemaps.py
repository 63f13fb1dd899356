"""sitemap.xml: every published record's page, with the time it last changed."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from diplomacy.choices import PublicationStatus
from diplomacy.shapes import RESOURCES as SHAPES
from pages.reading import SINGULAR


class RecordSitemap(Sitemap):
    limit = 10_000

    def __init__(self, resource: str):
        self.resource = resource

    def items(self):
        records = SHAPES[self.resource].model.objects.filter(status=PublicationStatus.PUBLISHED)
        return records.order_by("slug").values("slug", "updated_at")

    def location(self, item) -> str:
        return reverse(f"pages:{SINGULAR[self.resource]}", args=[item["slug"]])

    def lastmod(self, item):
        return item["updated_at"]


class PageSitemap(Sitemap):
    def items(self):
        return ["pages:home", *(f"pages:{resource}" for resource in SHAPES)]

    def location(self, item) -> str:
        return reverse(item)


SITEMAPS = {"pages": PageSitemap(), **{name: RecordSitemap(name) for name in SHAPES}}
