"""Filter building blocks whose errors name the parameter and what it accepts."""

import datetime

import django_filters
from django import forms
from django.db.models import Exists, Model, OuterRef, QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field

from api import parameters
from api.pagination import CURSOR, PAGE_SIZE, Place
from diplomacy.choices import Attestation, CitationRole
from diplomacy.dating import interval_of
from diplomacy.models import Actor, Citation, Source, Topic
from diplomacy.models.actors import country_code
from diplomacy.ordering import Ordering, date_key_bounds
from diplomacy.search import TOKEN as SEARCH_TOKEN
from diplomacy.validation import LONGEST_DATE_RANGE
from diplomacy.visibility import PUBLIC, Visibility, visibility_of

FORM_CLASSES: dict[type, type] = {}
FORM_LABELS = {"q": "Search (q)"}


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, whose HTML form leaves empty boxes out of the query it sends
    (an empty parameter is an error to the API, not "no filter")."""

    template = "api/filter_form.html"


# Query parameters the pagination reads; every other one must be a declared filter.
PAGINATION_PARAMETERS = {CURSOR, PAGE_SIZE}


class SlugInput(forms.TextInput):
    """A text box for slugs: a form never lists the records a slug may name.

    Repeated parameters (``actor=a&actor=b``) are all read.
    """

    def __init__(self, *, multiple: bool = False):
        super().__init__()
        self.multiple = multiple

    def value_from_datadict(self, data, files, name):
        if self.multiple and hasattr(data, "getlist"):
            return data.getlist(name)
        return super().value_from_datadict(data, files, name)

    def format_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(item) for item in value) or None
        return super().format_value(value)


class Missing(str):
    """A slug given that names no record: kept in its place among the records found, so
    that ``refuse_hidden_records`` names it exactly as it names a hidden record's."""


class SlugsField(django_filters.fields.ModelMultipleChoiceField):
    """Several slugs: the records found, and each slug that names none as ``Missing``, in
    the order given. The filterset refuses the unknown and the hidden ones together, so
    that an answer never tells which of the two a slug is."""

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        given = list(dict.fromkeys(str(item) for item in value))
        found = {
            str(getattr(record, key)): record
            for record in self.queryset.filter(**{f"{key}__in": given})
        }
        return [found.get(slug) or Missing(slug) for slug in given]


class SharedFields(dict):
    """A form's fields, shared by every form of its class rather than deep-copied for each
    (Django's default): nothing here changes a field per request, and the copies cost a
    tenth of a list request."""

    def __deepcopy__(self, memo):
        return dict(self)


def referenced_records(value) -> list[Model | Missing]:
    """The records a filter's cleaned value names (one, several, or none), with the slugs
    that name none."""
    if isinstance(value, Model):
        return [value]
    if isinstance(value, QuerySet | list | tuple):
        return [item for item in value if isinstance(item, Model | Missing)]
    return []


def in_utc(moment: datetime.datetime) -> datetime.datetime:
    """A time with an offset, in UTC; one that UTC cannot hold (year 1 east of Greenwich,
    year 9999 west of it) is a client's error."""
    try:
        return moment.astimezone(datetime.UTC)
    except OverflowError:
        raise forms.ValidationError("The time is out of range once in UTC.") from None


def check_in_range(moment: datetime.datetime) -> None:
    if moment is not None:
        in_utc(moment)


class MomentFilter(django_filters.IsoDateTimeFilter):
    """A time with an offset, compared in UTC: PostgreSQL takes no offset beyond 15:59,
    which ISO 8601 (and Python) allow."""

    def filter(self, queryset: QuerySet, value) -> QuerySet:
        return super().filter(queryset, None if value is None else in_utc(value))


class DeclaredFilters(dict):
    """A filterset's filters. django-filter's constructor deep-copies them for each
    request, their fields' querysets and widgets included, which cost a quarter of a list
    request; a copy of each filter, sharing what no request changes, is enough."""

    def __deepcopy__(self, memo) -> dict:
        return {name: copy_filter(filter_) for name, filter_ in self.items()}


def copy_filter(declared: django_filters.Filter) -> django_filters.Filter:
    copied = object.__new__(type(declared))  # as copy.copy, without its generic protocol
    copied.__dict__.update(declared.__dict__)
    if declared.method is not None:
        copied.method = declared.method  # its FilterMethod, pointing at the copy
    return copied


class StrictFilterSet(django_filters.FilterSet):
    """A list's query: the records the viewer may see that match every filter, from the
    place a cursor gave on, in the ordering asked for (``rows``).

    It refuses query parameters it does not know, and slugs it may not show: a typo
    such as ``actr=`` must not silently return every record; a draft's slug answers
    exactly as a slug that does not exist.
    """

    orderings: dict[str, Ordering] = {}

    updated_since = MomentFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text="Records changed at or after this time (ISO 8601, such as "
        "2026-12-01T00:00:00Z), including changes to what they show (a participant's new "
        "name). With ordering=updated_at, a sync; records withdrawn from view are in "
        "/api/v1/changes/.",
        error_messages={"invalid": "Use an ISO 8601 time, such as 2026-12-01T00:00:00Z."},
        validators=[check_in_range],
    )

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.place = Place(self.default_ordering())

    @classmethod
    def get_filters(cls):
        return DeclaredFilters(super().get_filters())

    @classmethod
    def default_ordering(cls) -> Ordering:
        return next(iter(cls.orderings.values()))

    def get_form_class(self):
        # The form's fields are the same for every request: build its class once.
        form_class = FORM_CLASSES.get(type(self))
        if form_class is None:
            form_class = FORM_CLASSES[type(self)] = super().get_form_class()
            for name, field in form_class.base_fields.items():
                # The browsable API's Filters form: each box named as its query parameter.
                field.label = FORM_LABELS.get(name, name.replace("_", " ").capitalize())
            form_class.base_fields = SharedFields(form_class.base_fields)
        return form_class

    def accepted(self) -> dict[str, bool]:
        """The parameters the list takes (its filters and the pagination's), and whether
        each may be repeated."""
        return {name: self.repeatable(name) for name in self.filters} | {
            name: False for name in PAGINATION_PARAMETERS
        }

    # Parameters the list's filters take that this use of them refuses, with the reason.
    refused: dict[str, str] = {}

    def is_valid(self) -> bool:
        valid = super().is_valid()
        hidden = self.refuse_hidden_records()
        problems = parameters.problems(self.data, self.accepted(), self.refused)
        for name, messages in problems.items():
            self.form.errors[name] = self.form.error_class(messages)
        self.order_errors()
        return valid and not self.form.errors and not hidden

    def chosen_ordering(self) -> Ordering:
        """The ordering asked for (``ordering=``), or the list's first."""
        chosen = getattr(self.form, "cleaned_data", {}).get("ordering")
        return self.orderings.get(chosen) or self.default_ordering()

    def rows(self, place: Place | None = None) -> QuerySet:
        """The matching rows the viewer may see, ordered, from ``place`` on (the pagination
        decodes it from a cursor: ``api.pagination``)."""
        self.place = place or Place(self.chosen_ordering())
        return self.qs

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        """The rows to page through: the cursor's bound, what the viewer may see, the
        filters, then the ordering.

        The bound comes first in the query, so that SQLite starts its index scan there
        rather than at a filter's looser bound on the same key. A key a filter
        annotates (a search rank) exists only once the filters ran.
        """
        place = self.place
        queryset = queryset.annotate(**place.ordering.annotations())
        bound_first = place.ordering.keys_known(queryset)
        if bound_first:
            queryset = place.after(queryset)
        queryset = self.visibility().restrict(queryset)
        queryset = self.apply_filters(self.narrow(queryset))
        if not bound_first:
            queryset = place.after(queryset)
        return place.order(queryset)

    def narrow(self, queryset: QuerySet) -> QuerySet:
        """Conditions that several parameters set together (a date window)."""
        return queryset

    def apply_filters(self, queryset: QuerySet) -> QuerySet:
        """Each filter given, in turn; one not given does nothing."""
        for name, value in self.given().items():
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    def given(self) -> dict:
        """The cleaned values of the parameters the request gave."""
        cleaned = self.form.cleaned_data
        return {name: cleaned[name] for name in self.data if name in cleaned}

    def repeatable(self, name: str) -> bool:
        """Whether a parameter may be repeated (``actor=a&actor=b``); others take one value."""
        declared = self.filters.get(name)
        return isinstance(
            declared,
            django_filters.MultipleChoiceFilter | django_filters.ModelMultipleChoiceFilter,
        )

    def order_errors(self) -> None:
        """Errors in the filters' order, however they were found: the order tells nothing."""
        errors = self.form.errors
        position = {name: index for index, name in enumerate(self.form.fields)}
        ordered = sorted(errors, key=lambda name: (position.get(name, len(position)), name))
        for name in ordered:
            errors[name] = errors.pop(name)

    def visibility(self) -> Visibility:
        return PUBLIC if self.request is None else visibility_of(self.request)

    def refuse_hidden_records(self) -> bool:
        """Refuse a slug of a record the viewer may not see as if no record had it."""
        visibility = self.visibility()
        refused = False
        cleaned = getattr(self.form, "cleaned_data", {})
        for name in set(self.data) & set(cleaned):
            unknown = [
                str(record) if isinstance(record, Missing) else record.slug
                for record in referenced_records(cleaned[name])
                if isinstance(record, Missing) or not visibility.shows(record)
            ]
            if not unknown:
                continue
            field = self.form.fields[name]
            self.form.add_error(
                name,
                forms.ValidationError(
                    field.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": ", ".join(unknown)},
                ),
            )
            refused = True
        return refused


ALL_ACTORS_HELP = "Actor slug; repeat the parameter for records that involve ALL the actors named."


@extend_schema_field({"type": "string", "description": ALL_ACTORS_HELP})
class AllActorsFilter(django_filters.ModelMultipleChoiceFilter):
    """Repeatable actor slug; repeated, a record must involve every actor named.

    Each actor is an EXISTS test on ``links`` (a model pointing at the record and an
    actor), so a chronological index scan can serve the ordering.
    """

    field_class = SlugsField

    def __init__(self, links, record_field: str):
        self.links = links
        self.record_field = record_field
        super().__init__(
            to_field_name="slug",
            queryset=Actor.objects.all(),
            widget=SlugInput(multiple=True),
            help_text=ALL_ACTORS_HELP,
            error_messages={
                "invalid_choice": "No actor has the slug %(value)s; see /api/v1/actors/.",
                "invalid_pk_value": "%(pk)s is not an actor slug.",
            },
        )

    def filter(self, queryset: QuerySet, actors) -> QuerySet:
        for actor in actors:
            links = self.links.objects.filter(**{self.record_field: OuterRef("pk")}, actor=actor)
            queryset = queryset.filter(Exists(links))
        return queryset


ANY_OF = " Repeat the parameter for records matching any of the values (OR)."


class AnyOf:
    """A repeatable filter: a record matches when it matches any value given (OR).

    Through a relation to many (a meeting's topics), the test is one EXISTS, so a record
    linked to two of the values is listed once and the list's index order still serves.
    """

    def filter(self, queryset: QuerySet, values) -> QuerySet:
        if not values:
            return queryset
        if self.method is not None:
            return self.method(queryset, self.field_name, values)
        lookup = {f"{self.field_name}__in": list(values)}
        if not self.to_many(queryset.model):
            return queryset.filter(**lookup)
        linked = queryset.model._default_manager.filter(pk=OuterRef("pk"), **lookup)
        return queryset.filter(Exists(linked))

    def to_many(self, model: type[Model]) -> bool:
        """Whether the field's path passes through a relation to many records."""
        for name in self.field_name.split("__"):
            field = model._meta.get_field(name)
            if field.many_to_many or field.one_to_many:
                return True
            if not field.is_relation:
                return False
            model = field.related_model
        return False


class AnyChoiceFilter(AnyOf, django_filters.MultipleChoiceFilter):
    pass


class AnySlugFilter(AnyOf, django_filters.ModelMultipleChoiceFilter):
    field_class = SlugsField


class RepeatedField(forms.Field):
    """Text values, each checked by ``validators``: a repeatable parameter."""

    widget = SlugInput(multiple=True)

    def to_python(self, value):
        values = value if isinstance(value, list | tuple) else [value]
        return [item for item in values if item not in self.empty_values]

    def run_validators(self, values):
        for value in values:
            super().run_validators(value)


class AnyTextFilter(AnyOf, django_filters.MultipleChoiceFilter):
    """Repeatable free text (a country code), each value checked by the validators."""

    field_class = RepeatedField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", [])
        super().__init__(*args, **kwargs)

    @property
    def field(self):
        if not hasattr(self, "_field"):
            self._field = RepeatedField(
                required=False,
                label=self.label,
                help_text=self.extra.get("help_text"),
                validators=self.extra.get("validators", ()),
            )
        return self._field


def choice_filter(
    choices, field_name: str, help_text: str, *, many: bool = True
) -> django_filters.ChoiceFilter:
    """One of ``choices``; repeatable (OR) unless ``many`` is False."""
    accepted = ", ".join(choices.values)
    filter_class = AnyChoiceFilter if many else django_filters.ChoiceFilter
    options = {"distinct": False} if many else {}
    return filter_class(
        field_name=field_name,
        choices=choices.choices,
        help_text=help_text + (ANY_OF if many else ""),
        error_messages={"invalid_choice": f"%(value)s is not accepted. Use one of: {accepted}."},
        **options,
    )


def check_edtf(value: str) -> None:
    try:
        interval_of(value)
    except ValueError:
        raise forms.ValidationError(
            "Use an EDTF date or interval, such as 2023-10, 2023-11-20 or 2023-10-08/2023-10-31."
        ) from None


def date_filter(field_name: str, lookup_expr: str, help_text: str, method=None):
    return django_filters.DateFilter(
        field_name=field_name,
        lookup_expr=lookup_expr,
        method=method,
        help_text=help_text,
        error_messages={"invalid": "Use a date written YYYY-MM-DD, such as 2023-11-20."},
    )


def slug_filter(
    model, field_name: str, help_text: str, *, many: bool = True
) -> django_filters.ModelChoiceFilter:
    """A record named by its slug; repeatable (OR) unless ``many`` is False."""
    plural = model._meta.verbose_name_plural.replace(" ", "-")
    if many:
        return extend_schema_field({"type": "string", "description": help_text + ANY_OF})(
            AnySlugFilter
        )(
            field_name=field_name,
            to_field_name="slug",
            queryset=model.objects.all(),
            widget=SlugInput(multiple=True),
            help_text=help_text + ANY_OF,
            distinct=False,
            error_messages={
                "invalid_choice": f"No {model._meta.verbose_name} has the slug %(value)s; "
                f"see /api/v1/{plural}/.",
                "invalid_pk_value": f"%(pk)s is not a {model._meta.verbose_name} slug.",
            },
        )
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        to_field_name="slug",
        queryset=model.objects.all(),
        widget=SlugInput(),
        help_text=help_text,
        error_messages={
            "invalid_choice": f"No {model._meta.verbose_name} has this slug; see /api/v1/{plural}/."
        },
    )


def actor_filter(field_name: str, help_text: str, *, many: bool = True):
    return slug_filter(Actor, field_name, help_text, many=many)


def topic_filter(field_name: str = "topics"):
    return slug_filter(Topic, field_name, "Topic slug, from /api/v1/topics/.")


def source_filter(citing_field: str):
    """Records citing any of the sources: an EXISTS test, so that several citations give
    one row."""

    def filter_by_source(queryset: QuerySet, name: str, sources) -> QuerySet:
        cited = Citation.objects.filter(
            **{citing_field: OuterRef("pk")}, source__in=sources, role=CitationRole.SUPPORT
        )
        return queryset.filter(Exists(cited))

    filter_ = slug_filter(
        Source,
        "citations__source",
        "Slug of a source that reports the record (a citation that supports it, not one that "
        "only gives context).",
    )
    filter_.method = filter_by_source
    return filter_


# A search of more words than this is refused: each is a condition on every row.
MAX_SEARCH_WORDS = 20
MAX_SEARCH_LENGTH = 500
# Symbols are operators to PostgreSQL's websearch syntax ("-" is NOT): a run of 33 hyphens
# overflows its query parser ("tsquery stack too small").
MAX_SEARCH_SYMBOLS = 20


def check_search(value: str) -> None:
    symbols = sum(1 for char in value if not (char.isalnum() or char.isspace()))
    if (
        len(value) > MAX_SEARCH_LENGTH
        or len(SEARCH_TOKEN.findall(value)) > MAX_SEARCH_WORDS
        or symbols > MAX_SEARCH_SYMBOLS
    ):
        raise forms.ValidationError(
            f"Search for at most {MAX_SEARCH_WORDS} words or phrases "
            f"({MAX_SEARCH_LENGTH} characters, {MAX_SEARCH_SYMBOLS} of them neither letters, "
            "digits nor spaces); narrow with the other filters."
        )


def search_filter(help_text: str) -> django_filters.CharFilter:
    return django_filters.CharFilter(
        method="search", help_text=help_text, validators=[check_search]
    )


def country_filter(field_name: str, help_text: str) -> django_filters.Filter:
    return extend_schema_field({"type": "string", "pattern": "^[A-Z]{2}$"})(AnyTextFilter)(
        field_name=field_name,
        help_text=help_text + ANY_OF,
        distinct=False,
        validators=[country_code],
    )


def _keep(queryset: QuerySet, name: str, value) -> QuerySet:
    return queryset  # applied by the filterset's own filter_queryset


def ordering_filter(orderings) -> django_filters.ChoiceFilter:
    """Declares ``ordering`` so that it is validated and documented;
    ``StrictFilterSet.chosen_ordering`` reads it and ``filter_queryset`` orders by it."""
    return django_filters.ChoiceFilter(
        choices=[(name, spec.description) for name, spec in orderings.items()],
        method=_keep,
        help_text="Sort order: "
        + "; ".join(f"`{name}` {spec.description}" for name, spec in orderings.items())
        + ". Default: the first.",
        error_messages={
            "invalid_choice": "%(value)s is not accepted. Use one of: " + ", ".join(orderings) + "."
        },
    )


DATE_MATCH_OVERLAP = "overlap"
DATE_MATCH_WITHIN = "within"
# The first day from which an interval's longest span can be counted back.
EARLIEST = datetime.date.min + LONGEST_DATE_RANGE

DATE_RULE = (
    "A record's dates are an interval (date_start to date_end): by default it matches when "
    "the interval overlaps the window; with date_match=within, when it lies wholly inside. "
    "Undated records never match a date filter."
)


class DatedFilterSet(StrictFilterSet):
    """date_from, date_to, date (EDTF) and date_match: one rule for every dated resource."""

    date_from = date_filter(
        "date_end", "gte", "Window start (YYYY-MM-DD). " + DATE_RULE, method=_keep
    )
    date_to = date_filter("date_start", "lte", "Window end (YYYY-MM-DD).", method=_keep)
    date = django_filters.CharFilter(
        method=_keep,
        help_text="The window as one EDTF date or interval, instead of date_from and date_to: "
        "2023-10 (the month), 2023-11-20/2023-11-21, 2023-10-07/.. (open end).",
        validators=[check_edtf],
    )
    date_match = django_filters.ChoiceFilter(
        method=_keep,
        choices=[
            (DATE_MATCH_OVERLAP, "the record's interval overlaps the window (default)"),
            (DATE_MATCH_WITHIN, "the record's interval lies wholly inside the window"),
        ],
        help_text="overlap (default): records that may fall in the window; within: records "
        "known to lie wholly inside it.",
        error_messages={"invalid_choice": "%(value)s is not accepted. Use overlap or within."},
    )

    def is_valid(self) -> bool:
        valid = super().is_valid()
        data = getattr(self.form, "cleaned_data", {})
        if valid and data.get("date") and (data.get("date_from") or data.get("date_to")):
            self.form.add_error("date", "Give date, or date_from and date_to, not both.")
        window = self.window() if valid else (None, None)
        if window[0] and window[1] and window[0] > window[1]:
            given = "date" if data.get("date") else "date_to"  # the parameter the client sent
            self.form.add_error(given, "The window ends before it starts.")
        if valid and data.get("date_match") and window == (None, None):
            self.form.add_error("date_match", "date_match needs date_from, date_to or date.")
        return valid and not self.form.errors

    def window(self) -> tuple:
        data = self.form.cleaned_data
        if data.get("date"):
            return interval_of(data["date"])
        return data.get("date_from"), data.get("date_to")

    def within_dates(self, queryset: QuerySet) -> QuerySet:
        first, last = self.window()
        within = self.form.cleaned_data.get("date_match") == DATE_MATCH_WITHIN
        if first is not None:
            if within:
                queryset = queryset.filter(date_start__gte=first)
                earliest = first
            else:
                # No interval spans more than LONGEST_DATE_RANGE, so none that ends on or
                # after ``first`` starts earlier than that before it: the index seeks there.
                queryset = queryset.filter(date_end__gte=first)
                earliest = max(first, EARLIEST) - LONGEST_DATE_RANGE
            queryset = queryset.filter(*date_key_bounds("date_start", earliest=earliest))
        if last is not None:
            queryset = queryset.filter(
                *date_key_bounds("date_start", latest=last), date_start__lte=last
            )
            if within:
                queryset = queryset.filter(date_end__lte=last)
        return queryset

    def narrow(self, queryset: QuerySet) -> QuerySet:
        return self.within_dates(queryset)


def attestation_filter():
    return choice_filter(
        Attestation,
        "attestation",
        "reported, confirmed, or claimed (one party's word; the other side silent or denying).",
    )


ATTRIBUTED_HELP = (
    'Slug of an actor a citation credits ("according to ..."): records resting on their word.'
    + ANY_OF
)


@extend_schema_field({"type": "string", "description": ATTRIBUTED_HELP})
class AttributedToFilter(django_filters.ModelMultipleChoiceFilter):
    """Records with a citation crediting any of the actors ("according to ..."), counting
    only the citations of sources the viewer may see."""

    field_class = SlugsField

    def __init__(self, citing_field: str):
        self.citing_field = citing_field
        super().__init__(
            to_field_name="slug",
            queryset=Actor.objects.all(),
            widget=SlugInput(multiple=True),
            help_text=ATTRIBUTED_HELP,
            distinct=False,
            error_messages={
                "invalid_choice": "No actor has the slug %(value)s; see /api/v1/actors/.",
                "invalid_pk_value": "%(pk)s is not an actor slug.",
            },
        )

    def filter(self, queryset: QuerySet, actors) -> QuerySet:
        if not actors:
            return queryset
        credited = Citation.objects.filter(
            self.parent.visibility().condition(Source, "source"),
            **{self.citing_field: OuterRef("pk")},
            attributed_to__in=list(actors),
            role=CitationRole.SUPPORT,
        )
        return queryset.filter(Exists(credited))
