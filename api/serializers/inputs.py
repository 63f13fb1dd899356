"""Write-side serializers: what a curator may send, checked before the domain services run.

Fields are listed explicitly; anything else in a request body is refused, so
timestamps, history and slugs of existing records cannot be mass-assigned.
"""

from rest_framework import serializers

from diplomacy import services
from diplomacy.choices import (
    Attestation,
    CitationRole,
    DatePrecision,
    Identification,
    ParticipantRole,
    PublicationStatus,
    VotePosition,
)
from diplomacy.models import Actor, Source, Topic
from diplomacy.models.actors import country_code
from diplomacy.validation import precision_for


class StringOnly:
    """Text must arrive as a JSON string: 0 or true is an error, not "0" or "True"."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictCharField(StringOnly, serializers.CharField):
    pass


class StrictSlugField(StringOnly, serializers.SlugField):
    pass


class StrictURLField(StringOnly, serializers.URLField):
    pass


class StrictRegexField(StringOnly, serializers.RegexField):
    pass


def country_input(**options):
    """An ISO 3166-1 alpha-2 code, checked (and documented) by the model's own rule."""
    return StrictRegexField(
        country_code.regex.pattern,
        max_length=2,
        allow_null=True,
        required=False,
        error_messages={"invalid": country_code.message},
        help_text="ISO 3166-1 alpha-2, such as CN or QA.",
        **options,
    )


class StrictIntegerField(serializers.IntegerField):
    """A number must arrive as a JSON number, not as a string of digits."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    """A yes or no must arrive as JSON true or false, not as 0, 1 or "true"."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class SlugReferenceField(serializers.SlugRelatedField):
    """A reference by slug; a value that cannot be a slug is refused before any query.

    No reference is null, never "" (which DRF would take for null).
    """

    def run_validation(self, data=serializers.empty):
        if data == "":
            self.fail("invalid")
        return super().run_validation(data)

    def to_internal_value(self, data):
        if not isinstance(data, str) or "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)


def slug_of(model, **options):
    return SlugReferenceField(slug_field="slug", queryset=model.objects.all(), **options)


# The most items a list in a body may hold (participants, citations, votes, topics...),
# checked before any item is: a list of 20,000 would otherwise cost a query per item.
MAX_LIST_ITEMS = 500


class StrictInputSerializer(serializers.Serializer):
    """Refuses keys it does not declare, at any depth: a misspelt key is an error, not ignored."""

    def writable_keys(self, data: dict) -> set[str]:
        return {name for name, field in self.fields.items() if not field.read_only}

    def to_internal_value(self, data):
        if isinstance(data, dict):
            refused = sorted(set(data) - self.writable_keys(data))
            if refused:
                raise serializers.ValidationError(
                    {name: ["This field cannot be set."] for name in refused}
                )
            if self.parent is not None:
                self.check_complete(data)
            self.check_list_sizes(data)
        return super().to_internal_value(data)

    def check_list_sizes(self, data: dict) -> None:
        too_long = [
            name
            for name, value in data.items()
            if isinstance(value, list) and len(value) > MAX_LIST_ITEMS
        ]
        if too_long:
            raise serializers.ValidationError(
                {name: [f"At most {MAX_LIST_ITEMS} items."] for name in too_long}
            )

    def check_complete(self, data: dict) -> None:
        """A nested item (a citation, a participant) is always given whole: a list sent in a
        partial update replaces the old one, so its items' required keys are required too
        (DRF would skip them in a PATCH)."""
        missing = [
            name
            for name, field in self.fields.items()
            if field.required and not field.read_only and name not in data
        ]
        if missing:
            raise serializers.ValidationError(
                {name: [serializers.Field.default_error_messages["required"]] for name in missing}
            )


class CitationInputSerializer(StrictInputSerializer):
    source = slug_of(Source, help_text="Slug of the cited source.")
    excerpt = StrictCharField(
        trim_whitespace=False, help_text="The supporting words, copied exactly from the source."
    )
    occurrence = StrictIntegerField(
        min_value=1,
        required=False,
        allow_null=True,
        help_text="Which occurrence, when the excerpt appears more than once in the source.",
    )

    attribution = StrictCharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        max_length=300,
        help_text="On whose word the source reports it, as it words it (\"according to China's "
        "Foreign Ministry\"); empty for the outlet's own reporting.",
    )
    attributed_to = slug_of(
        Actor,
        required=False,
        allow_null=True,
        help_text="Slug of the actor the attribution credits; needs attribution.",
    )
    role = serializers.ChoiceField(
        choices=CitationRole.choices,
        required=False,
        help_text="support (the default): the excerpt alone establishes the fact; context: it "
        "frames it. A record needs at least one supporting citation.",
    )


class ParticipantInputSerializer(StrictInputSerializer):
    actor = slug_of(Actor, help_text="Actor slug.")
    role = serializers.ChoiceField(choices=ParticipantRole.choices)
    title = StrictCharField(
        required=False, allow_null=True, allow_blank=True, help_text="Title held that day."
    )
    identification = serializers.ChoiceField(
        choices=Identification.choices,
        required=False,
        help_text="inferred: the source only describes the person; another source names them.",
    )
    identification_note = StrictCharField(
        required=False, allow_blank=True, help_text="For an inferred person: the evidence."
    )
    attestation = serializers.ChoiceField(
        choices=Attestation.choices,
        required=False,
        help_text="On whose word this actor's part rests; the meeting's attestation when "
        "not given. A claimed part in a meeting not claimed as a whole needs a note.",
    )
    attestation_note = StrictCharField(
        required=False, allow_blank=True, help_text="Who says this actor took part."
    )


class PartInputSerializer(StrictInputSerializer):
    """An actor's part in a record: a member of a statement's audience, a sponsor."""

    actor = slug_of(Actor, help_text="Actor slug.")
    identification = serializers.ChoiceField(
        choices=Identification.choices,
        required=False,
        help_text="named (the default) only when a supporting excerpt names the actor; "
        "inferred otherwise, with the evidence in identification_note.",
    )
    identification_note = StrictCharField(
        required=False, allow_blank=True, help_text="For an inferred actor: the evidence."
    )
    attestation = serializers.ChoiceField(
        choices=Attestation.choices,
        required=False,
        help_text="The record's attestation when not given.",
    )
    attestation_note = StrictCharField(required=False, allow_blank=True)


class VoteInputSerializer(PartInputSerializer):
    position = serializers.ChoiceField(choices=VotePosition.choices)


def correction_note_input():
    return StrictCharField(
        required=False,
        allow_blank=True,
        write_only=True,
        max_length=services.MAX_NOTE,
        help_text="Required when the record is published (a retraction aside, which gives "
        "its retraction_reason): what was corrected and why, in a sentence or two. Readers "
        "see it beside the change, in the record's history and the change feed. Not kept "
        "on the record itself; ignored for a draft, whose edits leave no public trace.",
    )


class RecordWriteSerializer(StrictInputSerializer):
    """Common to every curated record: slug on creation, status, unknown fields refused."""

    slug = StrictSlugField(
        max_length=120,
        help_text="Required on creation. Changed afterwards, it renames the record (with the "
        "publish permission): the old address then redirects to the new one (301), and a "
        "write to it is a 409 naming the new slug. A retracted record keeps its slug.",
    )
    status = serializers.ChoiceField(
        choices=PublicationStatus.choices,
        required=False,
        help_text="Changing it needs the publish permission. New records default to draft.",
    )
    retraction_reason = StrictCharField(
        required=False, allow_blank=True, help_text="Required when retracting."
    )
    publish_needed = StrictBooleanField(
        required=False,
        write_only=True,
        help_text="With status published: publish, in the same change, the drafts the record "
        "shows (its cited sources, credited actors, speaker, audience, participants, sponsors "
        "and voters); each needs the publish permission. Without it, publishing a record "
        "that shows a draft is refused, naming the drafts.",
    )
    model = None
    # Set on creation, fixed afterwards. (A slug already taken, or once another record's,
    # is a conflict with that record: 409, services.SlugTaken.)
    fixed_fields = ()
    updating = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.updating or self.instance is not None:
            self.fields["slug"].required = False  # left out, it stays as it is
            for name in self.fixed_fields:
                self.fields[name].read_only = True

    def writable_keys(self, data: dict) -> set[str]:
        writable = super().writable_keys(data)
        if self.instance is not None:
            # A replacement may repeat a fixed value unchanged (a body read with GET).
            writable |= {
                name
                for name in self.fixed_fields
                if name in data and data[name] == getattr(self.instance, name)
            }
        return writable

    @classmethod
    def for_updates(cls) -> type["RecordWriteSerializer"]:
        """The input of PUT and PATCH: the same, with the fixed fields read-only, so the
        OpenAPI document lists them as a separate body without those fields, and with
        the correction note a change to a published record needs."""
        if "updates" not in cls.__dict__:
            name = cls.__name__.replace("WriteSerializer", "UpdateSerializer")
            attributes = {
                "updating": True,
                "__doc__": cls.__doc__,
                "correction_note": correction_note_input(),
            }
            cls.updates = type(name, (cls,), attributes)
        return cls.updates

    def write_arguments(self, data: dict) -> dict:
        """The keyword arguments of ``services.record_write``: a new slug renames."""
        arguments = self.service_arguments(data)
        if "slug" in data:
            arguments["fields"]["slug"] = data["slug"]
        return arguments

    def service_arguments(self, data: dict) -> dict:
        """The keyword arguments of ``services.record_write`` for this input's own fields."""
        raise NotImplementedError

    @staticmethod
    def present(data: dict, *names: str) -> dict:
        """The named values the client sent; a partial update leaves the others alone."""
        return {name: data[name] for name in names if name in data}

    @staticmethod
    def citations(data: dict):
        if "citations" not in data:
            return None
        return [services.CitationInput.of(item) for item in data["citations"]]


class DatedInput(serializers.Serializer):
    """The interval fields of every dated record."""

    date_start = serializers.DateField(
        allow_null=True, required=False, help_text="The earliest day the sources allow."
    )
    date_end = serializers.DateField(
        allow_null=True, required=False, help_text="The latest day the sources allow."
    )
    date_precision = serializers.ChoiceField(
        choices=DatePrecision.choices,
        required=False,
        help_text="How wide the interval is: day (one day), week (up to 7 days), month (up to "
        "31), year (up to 367), or unknown when undated. Left out with both days given, it "
        "is the narrowest that holds them.",
    )
    date_note = StrictCharField(
        allow_blank=True,
        required=False,
        help_text="The phrase resolved, against which publication date, and what narrows it.",
    )

    DATE_FIELDS = ("date_start", "date_end", "date_precision", "date_note")

    def validate(self, attrs):
        attrs = super().validate(attrs)
        start, end = attrs.get("date_start"), attrs.get("date_end")
        if "date_precision" not in attrs and start and end and start <= end:
            attrs["date_precision"] = precision_for(start, end)
        return attrs


class AttestedInput(serializers.Serializer):
    attestation = serializers.ChoiceField(
        choices=Attestation.choices,
        required=False,
        help_text="claimed: one party's word, the other side silent or denying.",
    )
    attestation_note = StrictCharField(allow_blank=True, required=False)
    claimed_by = slug_of(
        Actor,
        required=False,
        allow_null=True,
        help_text="For a claimed record, and only for one: slug of the party making the claim.",
    )

    ATTESTATION_FIELDS = ("attestation", "attestation_note", "claimed_by")


def topics_input():
    return serializers.ListField(child=slug_of(Topic), required=False, help_text="Topic slugs.")


def citations_input():
    return CitationInputSerializer(
        many=True,
        allow_empty=False,
        error_messages={"empty": services.NEEDS_A_CITATION},
        help_text="At least one: the words that support the record.",
    )
