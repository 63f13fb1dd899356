from django.db import transaction
from django.shortcuts import get_object_or_404
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from api import response_cache
from api.errors import Gone
from api.pagination import Ordering
from diplomacy import services
from diplomacy.choices import PublicationStatus
from diplomacy.queries import can_see_unpublished, visible_to

PRIMARY = "default"


class CuratorPermissions(permissions.DjangoModelPermissionsOrAnonReadOnly):
    """Anyone reads; writing takes Django's add, change or delete permission on the model."""


class ReadOnlyResourceViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """A list and a detail by slug, ordered and paginated by the filterset's orderings.

    ``list_rows`` (from ``api.rows``) reads list pages on the lean path; the detail
    reads ``detail_queryset`` (from ``diplomacy.queries``) through the serializer. The
    public sees published records; a retracted one answers 410 Gone with its reason.
    """

    permission_classes = [CuratorPermissions]
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    list_rows = None
    detail_queryset = None
    detail_serializer_class = None

    def get_queryset(self):
        queryset = self.list_rows.queryset() if self.action == "list" else self.detail_queryset()
        if self.request.method not in permissions.SAFE_METHODS:
            # A write reads the current record from the primary, never a lagging replica.
            queryset = queryset.using(PRIMARY)
        return queryset

    def filter_queryset(self, queryset):
        return super().filter_queryset(visible_to(queryset, self.request.user))

    def list(self, request, *args, **kwargs):
        cached, key = response_cache.cached_page(request, self.list_rows.model)
        if cached is not None:
            return cached
        queryset = self.paginator.start_at_cursor(self.get_queryset(), request, self)
        queryset = self.filter_queryset(queryset)
        page = self.paginate_queryset(queryset)
        data = self.list_rows(request).represent(page, using=queryset.db)
        response = self.get_paginated_response(data)
        if key is not None:
            response.add_post_render_callback(response_cache.keep_page(key))
        return response

    def get_serializer_class(self):
        if self.action != "list" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return self.serializer_class

    def get_ordering_spec(self, request) -> Ordering:
        orderings = self.filterset_class.orderings
        return orderings.get(request.query_params.get("ordering"), next(iter(orderings.values())))

    def get_object(self):
        # A detail is addressed by its slug alone; list filters do not apply to it.
        if self.request.query_params:
            raise ValidationError(
                {
                    name: ["A record's address takes no query parameters."]
                    for name in self.request.query_params
                }
            )
        obj = get_object_or_404(self.get_queryset(), slug=self.kwargs["slug"])
        if not can_see_unpublished(self.request.user, type(obj)):
            if obj.status == PublicationStatus.RETRACTED:
                raise Gone(f"This record was retracted: {obj.retraction_reason}")
            if obj.status != PublicationStatus.PUBLISHED:
                raise NotFound()
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
        if self.action in ("create", "update", "partial_update"):
            return self.write_serializer_class
        return super().get_serializer_class()

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        model = self.write_serializer_class.model
        record = self.save(model(slug=serializer.validated_data["slug"]), serializer)
        return Response(self.represent(record), status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        record = self.get_object()
        serializer = self.get_serializer(
            record, data=request.data, partial=kwargs.pop("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        return Response(self.represent(self.save(record, serializer)))

    @transaction.atomic
    def save(self, record, serializer):
        data = serializer.validated_data
        # A new record starts as a draft (the model's default); changing that needs the right.
        new_status = data.get("status", record.status)
        reason = data.get("retraction_reason", "")
        if new_status != record.status:
            self.check_publish_permission(record)
        services.record_write(record, **serializer.service_arguments(data))
        if new_status != record.status:
            services.record_set_status(record, new_status, reason)
        return record

    def check_publish_permission(self, record) -> None:
        permission = f"diplomacy.publish_{record._meta.model_name}"
        if not self.request.user.has_perm(permission):
            raise PermissionDenied("Publishing or retracting needs the publish permission.")

    def represent(self, record) -> dict:
        record = self.detail_queryset().using(PRIMARY).get(pk=record.pk)
        serializer_class = self.detail_serializer_class or self.serializer_class
        return serializer_class(record, context=self.get_serializer_context()).data
