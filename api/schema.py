"""OpenAPI documentation shared by every endpoint: the problem+json error responses."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from api.errors import PROBLEM_CONTENT_TYPE


class ProblemErrorSerializer(serializers.Serializer):
    name = serializers.CharField(
        allow_null=True, help_text="The query parameter or body field at fault."
    )
    detail = serializers.CharField(help_text="What is wrong and what is accepted.")


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details, served as application/problem+json."""

    type = serializers.CharField(help_text='Always "about:blank": the status says it all.')
    title = serializers.CharField(help_text="The HTTP status phrase.")
    status = serializers.IntegerField()
    detail = serializers.CharField()
    instance = serializers.CharField(required=False, help_text="The request path.")
    errors = ProblemErrorSerializer(many=True, required=False)


LIST_ERRORS = {
    400: "Invalid query: an unknown parameter, an unknown slug or enum value, a malformed "
    "date, page size or cursor. `errors` names each parameter and what it accepts.",
    406: "The Accept header asks for a format the API cannot produce.",
}
DETAIL_ERRORS = {
    400: "A record's address takes no query parameters.",
    404: "No record has this slug.",
    406: LIST_ERRORS[406],
}


class ProblemAutoSchema(AutoSchema):
    """Adds the problem+json error responses each operation can answer."""

    def get_error_responses(self) -> dict[int, str]:
        if self.method != "GET":
            return {}
        return LIST_ERRORS if self._is_list_view() else DETAIL_ERRORS

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, description in self.get_error_responses().items():
            response = self._get_response_for_code(
                ProblemSerializer, str(code), [PROBLEM_CONTENT_TYPE], direction
            )
            response["description"] = description
            responses.setdefault(str(code), response)
        return responses


def document_resource(name: str, plural: str):
    """Summaries for a read-only resource's list and detail."""
    return extend_schema_view(
        list=extend_schema(
            summary=f"List {plural}",
            description=f"{plural.capitalize()} matching every filter given, a page at a time.",
        ),
        retrieve=extend_schema(summary=f"One {name}"),
    )
