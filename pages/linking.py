"""How a page points at its other forms and is read by machines: the API's JSON and CSV,
the resource's Atom feed (``<link rel="alternate">``), Open Graph tags and schema.org
JSON-LD (an ``Event`` for a meeting, a ``Quotation`` for a quote)."""

import orjson
from django.utils.safestring import mark_safe

from diplomacy.choices import Occurrence, StatementKind
from diplomacy.projection import path_template
from pages.jinja import url

SITE_NAME = "Diplomacy event data"
FEEDS = ("meetings", "statements", "resolutions", "actors", "figures", "sources", "topics")


def page_links(request, kind: str, record: dict | None = None, listing=None):
    """The page's own address and its alternates: ``kind`` is a resource, or ``home``
    and ``search``."""
    absolute = request.build_absolute_uri
    alternates = []
    if record is not None:
        singular = kind.removesuffix("s")
        api = path_template(f"api:{singular}-detail").format(record["slug"])
        alternates += [
            ("application/json", "This record as JSON", absolute(api)),
            ("text/csv", "This record as CSV", absolute(api.rstrip("/") + ".csv")),
        ]
        canonical = absolute(path_template(f"pages:{singular}").format(record["slug"]))
    elif kind in FEEDS:
        singular = kind.removesuffix("s")
        query = listing.urlencode() if listing else ""
        suffix = f"?{query}" if query else ""
        api = url(f"api:{singular}-list")
        alternates += [
            ("application/json", "This list as JSON", absolute(api) + suffix),
            ("text/csv", "This list as CSV", absolute(api.rstrip("/") + ".csv") + suffix),
        ]
        canonical = absolute(url(f"pages:{kind}"))
    else:
        canonical = absolute(request.path)
    for name in FEEDS if kind == "home" else (kind,) if kind in FEEDS else ():
        feed = url(f"api:{name.removesuffix('s')}-feed")
        alternates.append(("application/atom+xml", f"Atom feed of {name}", absolute(feed)))
    if kind in ("meetings", "home"):
        calendar = url("api:meeting-calendar")
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
            "description": (f"{page['attested']}. " if record["attestation"] == "claimed" else "")
            + record["summary"],
            # A day only when the sources give the day: an interval is no start date.
            "startDate": known_day(record),
            "endDate": known_day(record),
            "eventStatus": "https://schema.org/EventScheduled"
            if record["occurrence"] == Occurrence.PLANNED
            else None,
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
        document["dateCreated"] = known_day(record)
    else:
        return None
    document = {name: value for name, value in document.items() if value not in (None, "", [])}
    text = orjson.dumps(document).decode()
    # Inside <script>: no "</script>" or "<!--" can end or open anything.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)


def known_day(record: dict) -> str | None:
    start, end = record.get("date_start"), record.get("date_end")
    return str(start) if start is not None and start == end else None


def page_url(page: dict, record: dict) -> str:
    return page["links"]["canonical"] if "links" in page else ""
