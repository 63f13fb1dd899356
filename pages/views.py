"""Pages for readers: the public record as a newsroom's pages, server-rendered.

Each page reads as the public sees it (``pages.reading``), whoever asks: a curator's
session shows drafts in the admin, never here, so a page can be shared and cached. A
record's page is its API detail, read through the same shape, with the words that
support it, its corrections and the records around it. Lists and search take the API's
own filters (``api.filters``), evaluated over published records only.
"""

from urllib.parse import urlencode

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponsePermanentRedirect, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from api.limits import QueryTimedOut, time_limit
from api.resources import RESOURCES
from diplomacy.choices import ChangeAction, Occurrence, PublicationStatus, StatementKind
from diplomacy.models import Actor, Change, Topic
from diplomacy.projection import Context, read
from diplomacy.shapes import RESOURCES as SHAPES
from diplomacy.visibility import PUBLIC
from pages import reading, wording
from pages.caching import public_page
from pages.limits import limited
from pages.linking import json_ld, page_links
from pages.problems import problem_page

PRIMARY = "default"
PAGE_SIZE = 25
TOO_LONG = "This took longer than the service allows; narrow it and try again."
SEARCHED = ("statements", "meetings", "actors")
SEARCH_LIMIT = 10
# The boxes a list's form offers, each a filter of the API's list: (parameter, label,
# kind); a kind names what the box offers (``filter_boxes``). The other filters are taken
# all the same; a parameter no filter takes (a tracking tag) is left out.
WHEN = ("date", "When (2023, 2023-10 or 2023-10-09)", "text")
WITHIN = ("date_match", "Only records known to lie wholly within those dates", "within")
FILTER_BOXES = {
    "meetings": [
        ("q", "Words", "text"),
        ("actor", "Actor", "actors"),
        ("topic", "Topic", "topics"),
        ("country", "Country where held (ISO code, as QA)", "text"),
        WHEN,
        WITHIN,
    ],
    "statements": [
        ("q", "Words", "text"),
        ("speaker", "Speaker", "actors"),
        ("topic", "Topic", "topics"),
        ("kind", "Quote or paraphrase", "kinds"),
        WHEN,
        WITHIN,
    ],
    "resolutions": [("q", "Words", "text"), ("topic", "Topic", "topics"), WHEN, WITHIN],
    "figures": [WHEN, WITHIN],
    "actors": [("q", "Name", "text")],
    "sources": [],
    "topics": [],
}
TITLES = {
    "meetings": "Meetings",
    "statements": "Statements",
    "resolutions": "UN resolutions",
    "figures": "Reported figures",
    "actors": "Actors",
    "sources": "Source articles",
    "topics": "Topics",
}


def context_of(request) -> Context:
    return Context(
        visibility=PUBLIC,
        zone=timezone.get_current_timezone(),
        root=f"{request.scheme}://{request.get_host()}",
    )


def using() -> str:
    return PRIMARY


@require_safe
@limited
@public_page()
def home(request):
    counts = {
        name: shape.model.objects.filter(status=PublicationStatus.PUBLISHED).count()
        for name, shape in SHAPES.items()
    }
    latest = reading.latest_changes(12, using())
    names = reading.names_of(latest, using())
    actors = (
        Actor.objects.filter(status=PublicationStatus.PUBLISHED)
        .annotate(
            meeting_total=Count(
                "participations",
                filter=models_published("participations__meeting__status"),
                distinct=True,
            )
        )
        .filter(meeting_total__gt=0)
        .order_by("-meeting_total", "name")
        .values("slug", "name", "meeting_total")[:12]
    )
    topics = Topic.objects.filter(status=PublicationStatus.PUBLISHED).order_by("name")
    return render(
        request,
        "pages/home.html",
        {
            "title": "A sourced record of diplomacy around the Israel–Gaza war",
            "counts": counts,
            "titles": TITLES,
            "latest": [change_line(entry, names) for entry in latest],
            "actors": list(actors),
            "topics": list(topics.values("slug", "name")),
            "links": page_links(request, "home"),
        },
    )


def models_published(path: str) -> Q:
    return Q(**{path: PublicationStatus.PUBLISHED})


def change_line(entry: Change, names: dict | None = None) -> dict:
    """A change as the home page and a record's corrections show it; a record that left
    public view is its slug and the reason, nothing more."""
    public = entry.action not in (ChangeAction.RETRACTED, ChangeAction.WITHDRAWN)
    named = (names or {}).get((entry.resource, entry.object_id)) if public else None
    return {
        "action": reading.DONE.get(entry.action, entry.action),
        "kind": entry.action,
        "singular": reading.SINGULAR.get(entry.resource, entry.resource),
        "slug": entry.slug,
        "name": named,
        "at": entry.at,
        "reason": entry.reason,
        "note": getattr(entry, "note", ""),
        "fields": getattr(entry, "fields", None) or [],
        "former_slug": entry.former_slug,
        "url": reading.page_url(entry.resource, entry.slug) if named else "",
    }


@require_safe
@limited
@public_page()
def record_page(request, resource: str, slug: str):
    context = context_of(request)
    try:
        record = reading.public_record(resource, slug, context, using())
    except reading.Renamed as renamed:
        target = reverse(f"pages:{reading.SINGULAR[resource]}", args=[renamed.slug])
        return HttpResponsePermanentRedirect(target)
    except reading.Retracted as retracted:
        return gone(request, resource, retracted)
    page = {
        "resource": resource,
        "singular": reading.SINGULAR[resource],
        "record": record,
        "history": [
            change_line(entry) for entry in reading.history(resource, record["id"], using())
        ],
    }
    page |= EXTRAS[resource](record)
    names = reading.actor_names(reading.slugs_in(record) | page.pop("more_actors", set()), using())
    page["names"] = names
    page["sources"] = reading.source_titles(record, using())
    page["topic_names"] = reading.topic_names(record, using())
    page["attested"] = wording.on_whose_word(record, names)
    page["when"] = wording.interval(record.get("date_start"), record.get("date_end"))
    page["title"] = title_of(resource, record)
    page["links"] = page_links(request, resource, record)
    page["json_ld"] = json_ld(resource, record, page)
    return render(request, f"pages/{reading.SINGULAR[resource]}.html", page)


def title_of(resource: str, record: dict) -> str:
    if resource == "statements":
        speaker = record["speaker"]["name"] if record["speaker"] else "Unattributed"
        return f"{speaker}: {reading.short(record['text'], 70)}"
    if resource == "figures":
        return f"{wording.label('measure', record['measure'])}: {wording.figure_value(record)}"
    if resource == "sources" and not record["title"]:
        return reading.untitled(record["outlet"])
    return RESOURCES[resource].title(record)


def meeting_extras(record: dict) -> dict:
    return {"statements": reading.statements_at(record["id"], using())}


def statement_extras(record: dict) -> dict:
    return {
        "meeting_title": reading.titled("meetings", record["meeting"], using()),
        "resolution_title": reading.titled("resolutions", record["resolution"], using()),
        "is_quote": record["kind"] == StatementKind.QUOTE,
    }


def actor_extras(record: dict) -> dict:
    nodes = reading.network(record["id"], using())
    return {
        "timeline": reading.timeline(record["id"], using()),
        "nodes": nodes,
        "drawn": nodes[: reading.NETWORK_SIZE],
    }


def topic_extras(record: dict) -> dict:
    return {"tagged": reading.tagged(record["id"], using())}


def source_extras(record: dict) -> dict:
    cited = reading.passages(record["id"], using())
    return {"passages": cited, "segments": reading.segments(record["text"], cited)}


def resolution_extras(record: dict) -> dict:
    return {"statements": reading.statements_at(record["id"], using(), "statements on")}


def figure_extras(record: dict) -> dict:
    return {"value": wording.figure_value(record)}


def no_extras(record: dict) -> dict:
    return {}


EXTRAS = {
    "meetings": meeting_extras,
    "statements": statement_extras,
    "resolutions": resolution_extras,
    "figures": figure_extras,
    "actors": actor_extras,
    "topics": topic_extras,
    "sources": source_extras,
}


@require_safe
@limited
@public_page(lambda resource: [*RESOURCES[resource].viewset.filterset_class.base_filters, "page"])
def list_page(request, resource: str):
    viewset = RESOURCES[resource].viewset
    number = request.GET.get("page", "1")
    given = filters_given(request.GET, viewset.filterset_class.base_filters)
    query = viewset.filterset_class(given, SHAPES[resource].model.objects.all(), request=None)
    if not query.is_valid():
        return problem_page(request, 400, "These filters cannot be read.", query.form.errors)
    keys = query.rows().values_list("pk", flat=True)
    pages = Paginator(keys, PAGE_SIZE, allow_empty_first_page=True)
    try:
        with time_limit(using()):
            shown = pages.page(number)
            records = read(SHAPES[resource], list(shown.object_list), context_of(request), using())
    except (EmptyPage, PageNotAnInteger):
        return problem_page(request, 404, "There is no such page of this list.")
    except QueryTimedOut:
        return problem_page(request, 503, TOO_LONG)
    claimants = reading.actor_names({record.get("claimed_by") for record in records}, using())
    return render(
        request,
        "pages/list.html",
        {
            "resource": resource,
            "singular": reading.SINGULAR[resource],
            "title": TITLES[resource],
            "records": [card(resource, record, claimants) for record in records],
            "page": shown,
            "count": pages.count,
            "boxes": filter_boxes(resource, given),
            "query": given.urlencode(),
            "links": page_links(request, resource, listing=given),
        },
    )


def filter_boxes(resource: str, given: QueryDict) -> list[dict]:
    """The list's form: each box with what it offers and the values given."""
    boxes = []
    for name, label, kind in FILTER_BOXES[resource]:
        box = {"name": name, "label": label, "kind": kind, "values": given.getlist(name)}
        if kind in ("actors", "topics"):
            box["choices"] = reading.choices(kind, using())
        elif kind == "kinds":
            box["choices"] = [(value, value) for value in StatementKind.values]
        boxes.append(box)
    return boxes


def filters_given(params: QueryDict, filters) -> QueryDict:
    """The list's filters as the form sent them: the boxes left empty left out (an empty
    parameter is an error to the API, not "no filter"), and parameters no filter takes
    (the page number, a tracking tag)."""
    given = QueryDict(mutable=True)
    for name, values in params.lists():
        values = [value for value in values if value != ""]
        if name in filters and values:
            given.setlist(name, values)
    return given


def card(resource: str, record: dict, claimants: dict | None = None) -> dict:
    """A record as a list shows it: a headline, its days, a line of context, and what a
    reader must not miss (planned, claimed)."""
    when = wording.interval(record.get("date_start"), record.get("date_end"))
    line, flags = "", []
    if resource == "meetings":
        line = wording.names([p["actor"]["name"] for p in record["participants"]])
        if record["occurrence"] == Occurrence.PLANNED:
            flags.append("planned when reported")
    elif resource == "statements":
        speaker = record["speaker"]["name"] if record["speaker"] else "Speaker not on record"
        line = f"{speaker} · {record['kind']}"
    elif resource == "resolutions":
        line = wording.label("outcome", record["outcome"])
    elif resource == "figures":
        line = wording.figure_value(record)
    elif resource == "actors":
        line = wording.label("actor_kind", record["kind"])
    elif resource == "sources":
        line = record["outlet"] or ""
    elif resource == "topics":
        line = record["description"]
    if record.get("claimed_by"):
        claimant = (claimants or {}).get(record["claimed_by"], "one party")
        flags.append(f"claimed by {claimant}")
    headline = title_of(resource, record)
    if resource == "statements":
        headline = wording.said(record["kind"], reading.short(record["text"], 140))
    return {
        "url": reading.page_url(resource, record["slug"]),
        "headline": headline,
        "when": when if "date_start" in record else "",
        "line": line,
        "flags": flags,
    }


@require_safe
@limited
@public_page(["q"])
def search(request):
    q = request.GET.get("q", "").strip()
    found = {}
    if q:
        for resource in SEARCHED:
            viewset = RESOURCES[resource].viewset
            model = SHAPES[resource].model
            query = viewset.filterset_class(
                QueryDict(urlencode({"q": q})), model.objects.all(), request=None
            )
            if not query.is_valid():
                return problem_page(request, 400, "This search cannot be read.", query.form.errors)
            rows = query.rows()
            try:
                with time_limit(using()):
                    keys = list(rows.values_list("pk", flat=True)[: SEARCH_LIMIT + 1])
                    records = read(
                        SHAPES[resource], keys[:SEARCH_LIMIT], context_of(request), using()
                    )
            except QueryTimedOut:
                return problem_page(request, 503, TOO_LONG)
            found[resource] = {
                "title": TITLES[resource],
                "cards": [card(resource, record) for record in records],
                "more": len(keys) > SEARCH_LIMIT,
                "list_url": reverse(f"pages:{resource}") + "?" + urlencode({"q": q}),
            }
    return render(
        request,
        "pages/search.html",
        {"q": q, "found": found, "links": page_links(request, "search"), "title": "Search"},
    )


def gone(request, resource: str, retracted: reading.Retracted) -> HttpResponse:
    """A retracted record: its slug and the reason it was withdrawn, nothing more."""
    page = render_to_string(
        "pages/gone.html",
        {"slug": retracted.slug, "reason": retracted.reason, "resource": resource},
        request=request,
    )
    return HttpResponse(page, status=410)


def not_found(request, exception=None) -> HttpResponse:
    return problem_page(request, 404, "There is no page at this address.")


def bad_request(request, exception=None) -> HttpResponse:
    return problem_page(request, 400, "This request could not be understood.")
