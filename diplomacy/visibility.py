"""Who sees which records: the one rule behind every read of curated records.

The public sees published records only, and so do the records nested in them: a
published meeting shows its published participants, topics and citations of
published sources, never a draft linked to it. A curator who may change a model
sees its drafts and retractions too, wherever they appear.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Case, F, Model, Q, QuerySet, When

from diplomacy.choices import PublicationStatus
from diplomacy.models.base import CuratedModel

# Every model with a publication status: a model added later is covered by itself.
CURATED_MODELS: tuple[type[Model], ...] = tuple(
    model
    for model in apps.get_app_config("diplomacy").get_models()
    if issubclass(model, CuratedModel)
)


@dataclass(frozen=True)
class Visibility:
    """The curated models whose unpublished records a viewer must not see."""

    hidden: frozenset[type[Model]]

    @classmethod
    def for_user(cls, user) -> "Visibility":
        if not user.is_authenticated:
            return PUBLIC  # no permission is given to anonymous users
        return cls(
            frozenset(
                model
                for model in CURATED_MODELS
                if not user.has_perm(f"diplomacy.change_{model._meta.model_name}")
            )
        )

    @property
    def is_public(self) -> bool:
        return self.hidden == PUBLIC.hidden

    def hides(self, model: type[Model]) -> bool:
        return model in self.hidden

    def shows(self, record: Model) -> bool:
        return not self.hides(type(record)) or record.status == PublicationStatus.PUBLISHED

    def condition(self, model: type[Model], path: str = "") -> Q:
        """Rows whose ``model`` record, reached through ``path``, this viewer may see."""
        if not self.hides(model):
            return Q()
        return Q(**{f"{path}__status" if path else "status": PublicationStatus.PUBLISHED})

    def restrict(self, queryset: QuerySet) -> QuerySet:
        return queryset.filter(self.condition(queryset.model))

    def reference(self, model: type[Model], path: str, field: str, value: str | None = None):
        """``path__field`` of a foreign key to ``model`` (or ``value``, a path shown with
        that record); null where the viewer may not see the record."""
        value = F(value or f"{path}__{field}")
        if not self.hides(model):
            return value
        return Case(When(self.condition(model, path), then=value), default=None)


PUBLIC = Visibility(frozenset(CURATED_MODELS))


def visibility_of(request) -> Visibility:
    """What this request's user may see, worked out once per request."""
    known = getattr(request, "visibility", None)
    if known is None:
        known = request.visibility = Visibility.for_user(request.user)
    return known


def renamed_to(model: type[Model], slug: str, visibility: Visibility, using: str) -> str | None:
    """The slug now of the ``model`` record renamed from ``slug``, where the viewer may
    follow it: the public only from a slug it saw, to a record it sees (a retraction's
    410 too)."""
    from diplomacy.changes import resource_of
    from diplomacy.models import FormerSlug

    former = FormerSlug.objects.using(using).filter(resource=resource_of(model), slug=slug)
    records = model._default_manager.using(using)
    if visibility.hides(model):
        former = former.filter(public=True)
        records = records.exclude(status=PublicationStatus.DRAFT)
    found = records.filter(pk__in=former.values("object_id")).values_list("slug", flat=True)
    return found.first()
