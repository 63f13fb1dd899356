"""Every controlled vocabulary of the domain, in one place."""

from django.db import models


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    WEEK = "week", "Week"
    MONTH = "month", "Month"
    YEAR = "year", "Year"
    UNKNOWN = "unknown", "Unknown (the source gives no date)"


class ActorKind(models.TextChoices):
    PERSON = "person", "Person"
    STATE = "state", "State"
    ORGANIZATION = "organization", "Organization"


class MeetingKind(models.TextChoices):
    MEETING = "meeting", "Meeting"
    VISIT = "visit", "Visit"
    SUMMIT = "summit", "Summit"
    TALKS = "talks", "Talks or negotiations"


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "Phone call"
    VIRTUAL = "virtual", "Virtual"
    UNSPECIFIED = "unspecified", "Unspecified"


class Occurrence(models.TextChoices):
    HELD = "held", "Held"
    PLANNED = "planned", "Planned (reported before it happened)"


class ParticipantRole(models.TextChoices):
    HOST = "host", "Host"
    GUEST = "guest", "Guest"
    PARTICIPANT = "participant", "Participant"
    ATTENDEE = "attendee", "Attendee"
    MEDIATOR = "mediator", "Mediator"


class StatementKind(models.TextChoices):
    QUOTE = "quote", "Quote (verbatim words in quotation marks)"
    PARAPHRASE = "paraphrase", "Paraphrase (reported speech)"


class UNBody(models.TextChoices):
    UNSC = "unsc", "UN Security Council"
    UNGA = "unga", "UN General Assembly"


class ResolutionOutcome(models.TextChoices):
    ADOPTED = "adopted", "Adopted"
    VETOED = "vetoed", "Vetoed"
    FAILED = "failed", "Failed"
    PENDING = "pending", "Pending"


class VotePosition(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    ABSTAIN = "abstain", "Abstain"


class FigureMeasure(models.TextChoices):
    OCT7_ATTACK_DEATHS = "oct7-attack-deaths", "Deaths in the 7 October attack"
    OCT7_HOSTAGES_TAKEN = "oct7-hostages-taken", "Hostages taken on 7 October"
    GAZA_DEATH_TOLL = "gaza-death-toll", "Death toll in Gaza"


class FigureQualifier(models.TextChoices):
    EXACT = "exact", "Exactly"
    MORE_THAN = "more_than", "More than"
    AT_LEAST = "at_least", "At least"
    AROUND = "around", "Around"


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft (curators only)"
    PUBLISHED = "published", "Published"
    RETRACTED = "retracted", "Retracted (withdrawn after publication)"


class Attestation(models.TextChoices):
    REPORTED = "reported", "Reported (by the outlet, or on one party's word, without doubt cast)"
    CONFIRMED = "confirmed", "Confirmed (the article gives both sides or independent sources)"
    CLAIMED = "claimed", "Claimed (one party's word; the other side silent, denying, unconfirmed)"


class Identification(models.TextChoices):
    NAMED = "named", "Named by the source"
    INFERRED = "inferred", "Inferred (the source describes, another source names)"


class CitationRole(models.TextChoices):
    SUPPORT = "support", "Support (the excerpt alone establishes the fact)"
    CONTEXT = "context", "Context (it frames the fact, and establishes nothing alone)"


class CoverageMark(models.TextChoices):
    HEADLINE = "headline", "Headline"
    DATELINE = "dateline", "Dateline (the article's place and date)"
    CAPTION = "caption", "Caption"
    BOILERPLATE = "boilerplate", "Boilerplate (site furniture, links, bylines)"
    BACKGROUND = "background", "Background (context no record needs)"
    COMMENTARY = "commentary", "Commentary (the outlet's own analysis)"


class ChangeAction(models.TextChoices):
    """What an entry of the change feed says happened to a record in public."""

    CREATED = "created", "Entered the public record (published)"
    UPDATED = "updated", "Changed, or something it shows changed"
    RETRACTED = "retracted", "Retracted, with a reason"
    WITHDRAWN = "withdrawn", "Withdrawn from public view: back to draft, or deleted"
    RENAMED = "renamed", "Its slug changed: the old one redirects to the new"


class Tenure(models.TextChoices):
    UNKNOWN = "unknown", "Unknown (the source does not say whether the post is still held)"
    HELD = "held", "Held when the source reports it"
    FORMER = "former", "Former (the source says the post had ended: a 'former ambassador')"
