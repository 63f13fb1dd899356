"""How a page points at its other forms and is read by machines: the API's JSON and CSV,
the resource's Atom feed (``<link rel="alternate">``), Open Graph tags and schema.org
JSON-LD (an ``Event`` for a meeting, a ``Quotation`` for a quote)."""

from urllib.parse import urlencode

import orjson
from django.urls import reverse
from django.utils.safestring import mark_safe

from diplomacy.choices import StatementKind

SITE_NAME = "Diplomacy event data"
FEEDS = ("meetings", "statements", "resolutions", "actors", "figures", "sources", "topics")


def page_links(request, kind: str, record: dict | None = None, listing: dict | None = None):
    """The page's own address and its alternates: ``kind`` is a resource, or ``home``
    and ``search``."""
    absolute = request.build_absolute_uri
    alternates = []
    if record is not None:
        singular = kind.removesuffix("s")
        api = reverse(f"api:{singular}-detail", kwargs={"slug": record["slug"]})
        alternates += [
            ("application/json", "This record as JSON", absolute(api)),
            ("text/csv", "This record as CSV", absolute(api) + "?format=csv"),
        ]
        canonical = absolute(reverse(f"pages:{singular}", args=[record["slug"]]))
    elif kind in FEEDS:
        api = reverse(f"api:{kind.removesuffix('s')}-list")
        query = urlencode(listing or {}, doseq=True)
        alternates += [
            (
                "application/json",
                "This list as JSON",
                absolute(api) + (f"?{query}" if query else ""),
            ),
            (
                "text/csv",
                "This list as CSV",
                absolute(api) + "?" + urlencode({**(listing or {}), "format": "csv"}),
            ),
        ]
        canonical = absolute(reverse(f"pages:{kind}"))
    else:
        canonical = absolute(request.path)
    if kind in FEEDS:
        feed = reverse(f"api:{kind.removesuffix('s')}-feed")
        alternates.append(("application/atom+xml", f"Atom feed of {kind}", absolute(feed)))
    if kind == "meetings":
        calendar = reverse("api:meeting-calendar")
        alternates.append(("text/calendar", "Calendar of meetings", absolute(calendar)))
    return {"canonical": canonical, "alternates": alternates, "site_name": SITE_NAME}


def json_ld(resource: str, record: dict, page: dict):
    """schema.org for a meeting (an Event) or a quote (a Quotation); None for the rest."""
    url = page_url(page, record)
    if resource == "meetings":
        document = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": record["title"],
            "url": url,
            "description": record["summary"],
            "startDate": record["date_start"] and str(record["date_start"]),
            "endDate": record["date_end"] and str(record["date_end"]),
            "attendee": [
                {
                    "@type": "Person" if p["actor"]["kind"] == "person" else "Organization",
                    "name": p["actor"]["name"],
                }
                for p in record["participants"]
            ],
        }
        location = record["location"]
        if location["name"] or location["country"]:
            document["location"] = {
                "@type": "Place",
                "name": location["name"] or location["country"],
                "address": {"@type": "PostalAddress", "addressCountry": location["country"]},
            }
    elif resource == "statements" and record["kind"] == StatementKind.QUOTE:
        document = {
            "@context": "https://schema.org",
            "@type": "Quotation",
            "text": record["text"],
            "url": url,
        }
        if record["speaker"]:
            kind = "Person" if record["speaker"]["kind"] == "person" else "Organization"
            document["creator"] = {"@type": kind, "name": record["speaker"]["name"]}
        if record["date_start"] and record["date_start"] == record["date_end"]:
            document["dateCreated"] = str(record["date_start"])
    else:
        return None
    document = {name: value for name, value in document.items() if value not in (None, "", [])}
    text = orjson.dumps(document).decode()
    # Inside <script>: no "</script>" or "<!--" can end or open anything.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)


def page_url(page: dict, record: dict) -> str:
    return page["links"]["canonical"] if "links" in page else ""
