from array import array

from django.db import transaction
from django.http import Http404, HttpResponsePermanentRedirect, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django_filters.utils import translate_validation
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.settings import api_settings

from api import parameters, response_cache
from api.errors import Conflict, Gone
from api.filters.base import PAGINATION_PARAMETERS
from api.limits import OnClose, export_slot, time_limit
from api.pagination import CursorCountPagination
from api.preconditions import check_if_match, etag_of
from api.renderers import EXPORT_FORMATS, CSVRenderer, NDJSONRenderer
from api.representation import serializer_of
from api.serializers.history import HistorySerializer, history_entry
from diplomacy import services
from diplomacy.changes import PublicChanges, public_history
from diplomacy.choices import PublicationStatus
from diplomacy.projection import Context, Shape, read, read_rows
from diplomacy.visibility import renamed_to, visibility_of

PRIMARY = "default"
# How long a client may keep a rename's redirect without asking again: a slug may be
# renamed back, and the redirect would then loop.
REDIRECT_MAX_AGE = 3600
# Records read and written out at a time by an export: its memory does not grow with it.
EXPORT_BATCH = 500
WRITES = ("update", "partial_update", "destroy")


class CuratorPermissions(permissions.DjangoModelPermissionsOrAnonReadOnly):
    """Anyone reads; writing takes Django's add, change or delete permission on the model."""


class ReadOnlyResourceViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """A list and a detail by slug of one resource, rendered from its ``shape``.

    A list runs one way: the filterset resolves the filters and the ordering; the
    paginator reads the cursor's place in it; the filterset gives the rows from there,
    ordered; the paginator reads a page of them; the shape renders them. A detail is a
    page of one, read by slug. The public sees published records, and only published
    records nested in them (``diplomacy.visibility``); a retracted one answers 410 Gone
    with its reason. A renamed record's former slug redirects to it (301) for whoever may
    see it there, and a write to it is a conflict (409) naming the new slug. A record's
    ``history`` is its public corrections log.
    """

    permission_classes = [CuratorPermissions]
    pagination_class = CursorCountPagination
    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, CSVRenderer, NDJSONRenderer]
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    shape: Shape

    def get_queryset(self):
        queryset = self.shape.model._default_manager.all()
        if self.request.method not in permissions.SAFE_METHODS:
            # A write reads the current record from the primary, never a lagging replica.
            queryset = queryset.using(PRIMARY)
        return queryset

    def context(self) -> Context:
        return Context(
            visibility=visibility_of(self.request),
            zone=timezone.get_current_timezone(),
            root=f"{self.request.scheme}://{self.request.get_host()}",
        )

    def list(self, request, *args, **kwargs):
        exporting = self.exporting()
        cached, key = response_cache.cached_page(request, visibility_of(request))
        if cached is not None:
            return cached
        query = self.filterset_class(request.query_params, self.get_queryset(), request=request)
        if not query.is_valid():
            raise translate_validation(query.errors)
        if exporting:
            return self.export(query.rows())
        place = self.paginator.place(request, query.chosen_ordering())
        rows = query.rows(place)
        with time_limit(rows.db):
            keys = self.paginator.paginate(rows, place, request)
            data = read(self.shape, keys, self.context(), using=rows.db)
        response = self.paginator.get_paginated_response(data)
        if key is not None:
            response.add_post_render_callback(response_cache.keep_page(key))
        return response

    def exporting(self) -> bool:
        """A list asked for as CSV or NDJSON without a page size or cursor is an export:
        every matching record, streamed."""
        return self.request.accepted_renderer.format in EXPORT_FORMATS and not (
            PAGINATION_PARAMETERS & set(self.request.query_params)
        )

    def export(self, rows) -> StreamingHttpResponse:
        """Every row of the list's query, in its order, read and written a batch at a time.

        The keys are read first, so that no statement stays open while the answer streams;
        each batch is read as the viewer may see it then, so that a record retracted
        meanwhile is not written. An export takes one of the slots ``api.limits`` counts,
        given back when the answer ends.
        """
        renderer = self.request.accepted_renderer
        header, lines = renderer.stream(self.shape)
        shape, context, using = self.shape, self.context(), rows.db
        head = self.request.method == "HEAD"
        keys = array("q")
        if not head:  # the headers alone: no records to read
            with time_limit(using):
                keys.extend(rows.values_list("pk", flat=True))
        release = export_slot(self.request)

        def body():
            yield header
            for start in range(0, len(keys), EXPORT_BATCH):
                with time_limit(using):
                    batch = read(shape, keys[start : start + EXPORT_BATCH], context, using)
                yield lines(batch)

        response = StreamingHttpResponse(
            OnClose(body(), release),
            content_type=f"{renderer.media_type}; charset={renderer.charset}",
        )
        filename = f"{self.basename}s.{renderer.format}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def retrieve(self, request, *args, **kwargs):
        self.refuse_query_parameters()
        using = self.get_queryset().db
        try:
            representation = self.read_detail(self.kwargs["slug"], using=using)
        except (Http404, NotFound):
            # Asked of every slug not shown, a draft's too: a hidden record costs what a
            # missing one does, so no timing tells them apart.
            renamed = self.renamed_to(self.kwargs["slug"], using)
            if renamed is None:
                raise
            return self.redirect(renamed)
        return Response(representation, headers=self.etag_header(representation))

    @extend_schema(
        summary="A record's public history",
        description="What the public saw happen to the record, oldest first: when it was "
        "published (`created`), each change made while it was public (`updated`, with the "
        "`fields` that changed and the editor's correction `note`; a change through what it "
        "shows, such as a participant's new name, lists its fields with no note), its "
        "renames (`renamed`, with the `former_slug`), and its retraction (`retracted`) or "
        "withdrawal (`withdrawn`) with the `reason`. Edits made while it was a draft leave "
        "nothing. A retracted record answers its history too, its slugs, times and reason "
        "and nothing of its content (no fields, no notes). A draft's slug is unknown (404); "
        "a former slug redirects (301) to the history under the slug now. The same entries "
        "are in the change feed.",
        filters=False,
        responses={200: HistorySerializer},
    )
    @action(
        detail=True,
        url_path="history",
        pagination_class=None,
        filter_backends=[],
        renderer_classes=api_settings.DEFAULT_RENDERER_CLASSES,
    )
    def history(self, request, *args, **kwargs):
        """Two queries: the record's key and status by slug, then its entries (a slug not
        shown asks a third, for a rename, as the detail does)."""
        self.refuse_query_parameters()
        model, slug = self.shape.model, self.kwargs["slug"]
        records = self.get_queryset()
        found = records.filter(slug=slug).values_list("pk", "status").first()
        hidden = visibility_of(request).hides(model)
        if found is None or (hidden and found[1] == PublicationStatus.DRAFT):
            renamed = self.renamed_to(slug, records.db)
            if renamed is None:
                raise NotFound()
            return self.redirect(renamed, "history")
        entries = public_history(model, found[0], using=records.db)
        return Response({"results": [history_entry(entry) for entry in entries]})

    @property
    def error_descriptions(self) -> dict:
        # A retracted record's history answers with its reason, not 410.
        return {410: None} if self.action == "history" else {}

    def options(self, request, *args, **kwargs):
        """The description of the address, as JSON whatever its format (a CSV has no place
        for it)."""
        if request.accepted_renderer.format in EXPORT_FORMATS:
            request.accepted_renderer = api_settings.DEFAULT_RENDERER_CLASSES[0]()
            request.accepted_media_type = request.accepted_renderer.media_type
        return super().options(request, *args, **kwargs)

    def renamed_to(self, slug: str, using: str) -> str | None:
        return renamed_to(self.shape.model, slug, visibility_of(self.request), using)

    def redirect(self, slug: str, view: str = "detail") -> HttpResponsePermanentRedirect:
        """To the same address under the record's slug now, in the same format."""
        suffix = {"format": self.kwargs["format"]} if self.kwargs.get("format") else {}
        location = reverse(f"api:{self.basename}-{view}", kwargs={"slug": slug, **suffix})
        query = self.request.META.get("QUERY_STRING")
        location = self.request.build_absolute_uri(location + (f"?{query}" if query else ""))
        response = HttpResponsePermanentRedirect(location)
        response["Cache-Control"] = f"max-age={REDIRECT_MAX_AGE}"
        return response

    def read_detail(self, slug: str, using: str) -> dict:
        """The record with this slug, as the viewer may see it: one query."""
        context = self.context()
        found = read_rows(self.shape, [slug], context, using, by="slug", detail=True)
        if not found:
            raise Http404
        self.check_visible(found[0]["status"], found[0]["retraction_reason"])
        return self.shape.render(found[0], context, detail=True)

    def etag_header(self, representation: dict) -> dict:
        """The record's ETag, on JSON answers (an HTML page holds more than the record)."""
        if self.request.accepted_renderer.format != "json":
            return {}
        return {"ETag": etag_of(representation)}

    def check_visible(self, record_status: str, retraction_reason: str) -> None:
        """A draft is not there for whoever may not see it; a retraction says why it went."""
        if not visibility_of(self.request).hides(self.shape.model):
            return
        if record_status == PublicationStatus.RETRACTED:
            raise Gone(f"This record was retracted: {retraction_reason}")
        if record_status != PublicationStatus.PUBLISHED:
            raise NotFound()

    def get_serializer_class(self):
        """The documented shape (drf-spectacular and the browsable API read it)."""
        return serializer_of(self.shape, detail=self.action != "list")

    def refuse_query_parameters(self) -> None:
        # A detail is addressed by its slug alone; list filters do not apply to it.
        parameters.check(self.request.query_params, {})

    def get_object(self):
        self.refuse_query_parameters()
        queryset = self.get_queryset()
        if self.action in WRITES:
            # Held until the write commits: concurrent writes of a record take turns. (Not
            # for OPTIONS, whose description of PUT reads the record with the method "PUT"
            # outside any transaction.)
            queryset = queryset.select_for_update()
        obj = queryset.filter(slug=self.kwargs["slug"]).first()
        if obj is None:
            renamed = self.renamed_to(self.kwargs["slug"], queryset.db)
            if renamed is not None and self.action in WRITES:
                raise Conflict(
                    f"This record was renamed: its slug is now {renamed}. Write to its new address."
                )
            raise Http404
        self.check_visible(obj.status, obj.retraction_reason)
        self.check_object_permissions(self.request, obj)
        return obj


class CuratedResourceViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ReadOnlyResourceViewSet,
):
    """Adds writes for curators: each goes through ``diplomacy.services`` in one transaction."""

    write_serializer_class = None

    def get_serializer_class(self):
        if self.action == "create":
            return self.write_serializer_class
        if self.action in ("update", "partial_update"):
            return self.write_serializer_class.for_updates()
        return super().get_serializer_class()

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        model = self.write_serializer_class.model
        record = self.save(model(slug=serializer.validated_data["slug"]), serializer)
        return self.answer(record, status.HTTP_201_CREATED)

    @transaction.atomic
    def update(self, request, *args, **kwargs):
        record = self.get_object()
        serializer = self.get_serializer(
            record, data=request.data, partial=kwargs.pop("partial", False)
        )
        serializer.is_valid(raise_exception=True)  # a malformed body is a 400 before all else
        self.check_if_match(record)
        slug = record.slug
        response = self.answer(self.save(record, serializer))
        if record.slug != slug:  # renamed: here is its address now
            location = reverse(f"api:{self.basename}-detail", kwargs={"slug": record.slug})
            response["Location"] = self.request.build_absolute_uri(location)
        return response

    def answer(self, record, status_code: int = status.HTTP_200_OK) -> Response:
        representation = self.represent(record)
        return Response(
            representation, status=status_code, headers=self.etag_header(representation)
        )

    def check_if_match(self, record) -> None:
        check_if_match(self.request, lambda: self.represent(record))

    @transaction.atomic
    def save(self, record, serializer):
        """Through the domain services, which check every rule and the publish right; the
        record and its status are one change to the public record. A retraction comes
        first: what else the request changes is then a retracted record's, which the public
        does not see, and needs no correction note (its reason says why)."""
        data = serializer.validated_data
        user = self.request.user
        public = PublicChanges()
        # A new record starts as a draft (the model's default); changing that needs the right.
        new_status = data.get("status", record.status if record.pk else PublicationStatus.DRAFT)
        arguments = serializer.write_arguments(data)
        retracting = (
            record.pk is not None
            and new_status == PublicationStatus.RETRACTED
            and record.status != new_status
        )
        if retracting:
            self.set_status(record, new_status, data, public)
        note = data.get("correction_note", "")
        services.record_write(record, by=user, public=public, note=note, **arguments)
        if new_status != record.status:
            self.set_status(record, new_status, data, public)
        public.settle()
        return record

    def set_status(self, record, new_status: str, data: dict, public: PublicChanges) -> None:
        services.record_set_status(
            record,
            new_status,
            data.get("retraction_reason", ""),
            by=self.request.user,
            public=public,
            publish_needed=data.get("publish_needed", False),
        )

    @transaction.atomic
    def destroy(self, request, *args, **kwargs):
        record = self.get_object()
        self.check_if_match(record)
        self.perform_destroy(record)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def perform_destroy(self, instance):
        services.record_delete(instance, by=self.request.user)

    def represent(self, record) -> dict:
        """The record as a detail shows it, read again from the primary after a write."""
        context = self.context()
        (row,) = read_rows(self.shape, [record.slug], context, PRIMARY, by="slug", detail=True)
        return self.shape.render(row, context, detail=True)
