"""The article intake: a curator gives an article, the rules propose records anchored in its
words, an editor accepts (writing drafts) or rejects each. Curators only: nothing of it is
public, and the draft source is a draft like any other."""

import datetime

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from api.errors import Conflict
from api.parameters import TakesNoQueryParameters
from api.schema import ProblemAutoSchema
from api.serializers.intake import (
    AcceptSerializer,
    IntakeInputSerializer,
    IntakeSerializer,
    ProposalSerializer,
    PublishedSerializer,
    RejectSerializer,
)
from intake import services
from intake.dates import Dated
from intake.models import Intake, Proposal


class MayTakeIn(permissions.BasePermission):
    """Signed in, with the right to add sources."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.has_perm("diplomacy.add_source"))


class CuratorsSchema(ProblemAutoSchema):
    def get_auth(self):
        return [auth for auth in super().get_auth() if auth]  # no anonymous reading


class IntakeBase(TakesNoQueryParameters, APIView):
    permission_classes = [MayTakeIn]
    schema = CuratorsSchema()

    def represent(self, intake: Intake) -> dict:
        url = reverse(
            "api:intake-detail", kwargs={"source": intake.source.slug}, request=self.request
        )
        return {
            "source": intake.source.slug,
            "url": url,
            "supplied_title": intake.supplied_title,
            "supplied_url": intake.supplied_url,
            "metadata": intake.metadata,
            "created_at": intake.created_at,
            "proposals": ProposalSerializer(intake.proposals.all(), many=True).data,
        }


def intakes():
    return Intake.objects.select_related("source").prefetch_related(
        Prefetch("proposals", queryset=Proposal.objects.order_by("start", "id"))
    )


class IntakeListView(IntakeBase):
    """Articles taken in, newest first; POST takes one in."""

    @extend_schema(
        summary="Articles taken in, with their proposals",
        responses={200: IntakeSerializer(many=True)},
        tags=["intake"],
    )
    def get(self, request, *args, **kwargs):
        rows = intakes().order_by("-created_at", "-id")[:50]
        return Response([self.represent(intake) for intake in rows])

    @extend_schema(
        summary="Take an article in",
        description="Writes a draft source of the article's text (or of the main text of its "
        "HTML) and the records the rules propose from it, each anchored in an excerpt with its "
        "offsets (code points), the rule that fired and a confidence. The date fields are the "
        "publication interval when the curator knows it; otherwise the article's own dateline "
        "is proposed. The same text twice (its SHA-256) is a 409 naming the source it is.",
        request=IntakeInputSerializer,
        responses={201: IntakeSerializer},
        tags=["intake"],
    )
    def post(self, request, *args, **kwargs):
        given = IntakeInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        published = None
        if data.get("date_start") and data.get("date_end"):
            published = Dated(
                data["date_start"],
                data["date_end"],
                data.get("date_precision") or "day",
                data.get("date_note") or "Given by the curator.",
                evidence="curator",
            )
        try:
            intake = services.intake_article(
                by=request.user,
                text=data.get("text", ""),
                html=data.get("html", ""),
                title=data.get("title", ""),
                article_url=data.get("article_url", ""),
                published=published,
            )
        except services.AlreadyTaken as taken:
            raise Conflict(str(taken)) from None
        intake = intakes().get(pk=intake.pk)
        return Response(self.represent(intake), status=status.HTTP_201_CREATED)


class IntakeDetailView(IntakeBase):
    error_descriptions = {404: "No article taken in has this source slug."}

    @extend_schema(
        summary="An article taken in, with its proposals",
        responses={200: IntakeSerializer},
        tags=["intake"],
    )
    def get(self, request, source: str, *args, **kwargs):
        return Response(self.represent(get_object_or_404(intakes(), source__slug=source)))


class ProposalDecisionView(IntakeBase):
    error_descriptions = {404: "No proposal has this id."}

    def proposal(self, pk: int) -> Proposal:
        return get_object_or_404(Proposal.objects.select_related("intake__source"), pk=pk)


class AcceptView(ProposalDecisionView):
    @extend_schema(
        summary="Accept a proposal",
        description="Writes the draft record the proposal describes, with the corrections "
        "given, through the same rules as every write (a quote verbatim in its excerpt, a "
        "participant named or inferred, dates within what the precision allows...). A name "
        "the record does not know is accepted as an actor first. Nothing is published.",
        request=AcceptSerializer,
        responses={200: ProposalSerializer},
        tags=["intake"],
    )
    def post(self, request, pk: int, *args, **kwargs):
        given = AcceptSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        corrections = {
            key: value.isoformat() if isinstance(value, datetime.date) else value
            for key, value in given.validated_data.get("corrections", {}).items()
        }
        proposal = services.proposal_accept(
            self.proposal(pk), corrections=corrections, by=request.user
        )
        return Response(ProposalSerializer(proposal).data)


class RejectView(ProposalDecisionView):
    @extend_schema(
        summary="Reject a proposal",
        request=RejectSerializer,
        responses={200: ProposalSerializer},
        tags=["intake"],
    )
    def post(self, request, pk: int, *args, **kwargs):
        given = RejectSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        proposal = services.proposal_reject(
            self.proposal(pk), reason=given.validated_data["reason"], by=request.user
        )
        return Response(ProposalSerializer(proposal).data)


class PublishView(IntakeBase):
    """Publishes the article: its source, the records its accepted proposals wrote and the
    new actors they show, all or nothing."""

    error_descriptions = {
        400: "A proposal is undecided, or a rule refuses a record: the message names it.",
        403: "Publishing needs the publish right over every kind of record it publishes.",
        404: "No article taken in has this source slug.",
    }

    @extend_schema(
        summary="Publish an article taken in, with its records",
        description="Publishes the draft source, every record its accepted proposals wrote "
        "and the new actors those records show, in one change, all or nothing, under the "
        "rule that a published record shows only published records. Refused while any "
        "proposal is undecided, or when a record it would publish was retracted since.",
        request=None,
        responses={200: PublishedSerializer},
        tags=["intake"],
    )
    def post(self, request, source: str, *args, **kwargs):
        intake = get_object_or_404(intakes(), source__slug=source)
        records = services.intake_publish(intake, by=request.user)
        return Response(
            {
                "source": intake.source.slug,
                "records": [
                    {"kind": r._meta.model_name, "slug": r.slug, "status": r.status}
                    for r in records
                ],
            }
        )
