"""The API's resources, each listed once: its name (the domain's, ``diplomacy.shapes``), the
viewset serving it, and how its feed entries read. The router, the feeds and the change
feed read this; nothing else lists the resources."""

from collections.abc import Callable
from dataclasses import dataclass

from api import entries
from api.views.actors import ActorViewSet
from api.views.figures import FigureViewSet
from api.views.meetings import MeetingViewSet
from api.views.resolutions import ResolutionViewSet
from api.views.sources import SourceViewSet
from api.views.statements import StatementViewSet
from api.views.topics import TopicViewSet
from diplomacy.shapes import RESOURCES as SHAPES


@dataclass(frozen=True)
class Resource:
    viewset: type
    title: Callable[[dict], str]  # of a feed entry
    summary: Callable[[dict], str]

    @property
    def name(self) -> str:
        """Its plural, as the domain names it: the path of its list."""
        (name,) = [name for name, shape in SHAPES.items() if shape is self.viewset.shape]
        return name

    @property
    def basename(self) -> str:
        """Its singular: the prefix of its URL names (``meeting-detail``)."""
        return self.name.removesuffix("s")


RESOURCES: dict[str, Resource] = {
    resource.name: resource
    for resource in (
        Resource(ActorViewSet, entries.name_title, entries.description_summary),
        Resource(MeetingViewSet, entries.meeting_title, entries.meeting_summary),
        Resource(StatementViewSet, entries.statement_title, entries.statement_summary),
        Resource(ResolutionViewSet, entries.resolution_title, entries.resolution_summary),
        Resource(SourceViewSet, entries.source_title, entries.source_summary),
        Resource(TopicViewSet, entries.name_title, entries.description_summary),
        Resource(FigureViewSet, entries.figure_title, entries.figure_summary),
    )
}
if set(RESOURCES) != set(SHAPES):
    raise ImportError(f"The API serves {sorted(RESOURCES)}; the domain declares {sorted(SHAPES)}")
