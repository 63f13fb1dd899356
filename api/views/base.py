from django.shortcuts import get_object_or_404
from rest_framework import mixins, permissions, viewsets
from rest_framework.exceptions import ValidationError

from api.pagination import Ordering


class ReadOnlyResourceViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """A public list and detail by slug, ordered and paginated by the filterset's orderings.

    ``list_queryset`` and ``detail_queryset`` come from ``diplomacy.queries``.
    """

    permission_classes = [permissions.AllowAny]  # read-only: there is nothing to protect
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    list_queryset = None
    detail_queryset = None
    detail_serializer_class = None

    def get_queryset(self):
        if self.action == "retrieve" and self.detail_queryset is not None:
            return self.detail_queryset()
        return self.list_queryset()

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class is not None:
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
        self.check_object_permissions(self.request, obj)
        return obj
