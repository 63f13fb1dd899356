"""OpenAPI documentation shared by every endpoint: the problem+json error responses."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers

from api.errors import PROBLEM_CONTENT_TYPE
from api.preconditions import IF_MATCH_PATTERN
from api.renderers import CSVRenderer, NDJSONRenderer
from api.representation import serializer_of
from api.serializers.inputs import MAX_LIST_ITEMS
from api.tabular import csv_description
from diplomacy.models.actors import country_code


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


SERVICE_ERRORS = {
    414: "The address with its query is longer than the 8 KB the server reads.",
    429: "Too many requests from this client; `Retry-After` says when to try again.",
    503: "The database is unavailable; `Retry-After` says when to try again.",
}
AUTH_ERRORS = {
    401: "No valid credentials: send `Authorization: Token <token>`; a bogus or expired "
    "token is refused even where reading needs none.",
}
WRITE_ERRORS = {
    **AUTH_ERRORS,
    403: "The user lacks the add, change, delete or publish permission this needs (changing "
    "or deleting a published or retracted record needs the publish permission).",
    405: "The address takes no such method: `feed`, `facets` and `calendar` beside a "
    "resource's records are read only, and no record has one of them as its slug.",
    406: "The Accept header asks for a format the API cannot produce.",
}
LIST_ERRORS = {
    400: "Invalid query: an unknown parameter, an unknown slug (a draft's slug is unknown "
    "to the public) or enum value, a malformed date, page size or cursor. `errors` names "
    "each parameter and what it accepts.",
    406: "The Accept header asks for a format the API cannot produce.",
}
DETAIL_ERRORS = {
    400: "A record's address takes no query parameters.",
    404: "No record has this slug (or it is a draft).",
    406: LIST_ERRORS[406],
    410: "The record was retracted; `detail` gives the reason.",
}
BODY_ERRORS = {
    400: "Invalid body: `errors` names each field (dotted for nested ones) and why; or a "
    "malformed If-Match.",
    413: "The body is larger than the server accepts.",
    415: "The body is not JSON (`Content-Type: application/json`).",
}
NOT_FOUND = {404: DETAIL_ERRORS[404]}
CONFLICT = {
    409: "The slug is taken by another record (`detail` names it), or another write stored a "
    "conflicting record meanwhile; read it again before retrying."
}
STALE = {
    412: "If-Match does not match the record's current ETag: it changed since you read it. "
    "Read it again and reapply your change."
}
ERRORS_BY_METHOD = {
    "POST": {**BODY_ERRORS, **WRITE_ERRORS, **CONFLICT},
    "PUT": {**BODY_ERRORS, **WRITE_ERRORS, **NOT_FOUND, **CONFLICT, **STALE},
    "PATCH": {**BODY_ERRORS, **WRITE_ERRORS, **NOT_FOUND, **CONFLICT, **STALE},
    "DELETE": {
        400: 'A malformed If-Match (it takes "*" or entity tags).',
        **WRITE_ERRORS,
        **NOT_FOUND,
        **STALE,
        409: "Other records refer to this one; `detail` names them by kind and slug. Change "
        "them first.",
    },
}


class ProblemAutoSchema(AutoSchema):
    """Adds the problem+json error responses each operation can answer."""

    def get_auth(self):
        auth = super().get_auth()
        if self.method in ("GET", "HEAD") and {} not in auth:
            auth.append({})  # anyone reads; credentials only widen what a curator sees
        return auth

    def get_error_responses(self) -> dict[int, str]:
        if self.method == "GET":
            errors = {**(LIST_ERRORS if self._is_list_view() else DETAIL_ERRORS), **AUTH_ERRORS}
        else:
            errors = ERRORS_BY_METHOD.get(self.method, {})
        # A view may say more of an error it answers for a reason of its own, or that it
        # never answers one (None).
        errors = {**errors, **SERVICE_ERRORS, **getattr(self.view, "error_descriptions", {})}
        return {code: description for code, description in errors.items() if description}

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        self.describe_exports(responses)
        for code, description in self.get_error_responses().items():
            response = self._get_response_for_code(
                ProblemSerializer, str(code), [PROBLEM_CONTENT_TYPE], direction
            )
            response["description"] = description
            responses.setdefault(str(code), response)
        return responses

    def describe_exports(self, responses: dict) -> None:
        """CSV and NDJSON answers are text, not the JSON object: say what they hold."""
        shape = getattr(self.view, "shape", None)
        if shape is None:
            return
        detail = not self._is_list_view()
        for response in responses.values():
            content = response.get("content", {})
            if CSVRenderer.media_type in content:
                content[CSVRenderer.media_type] = {
                    "schema": {"type": "string", "description": csv_description(shape, detail)}
                }
            if NDJSONRenderer.media_type in content:
                content[NDJSONRenderer.media_type] = {
                    "schema": {"type": "string", "description": NDJSON_DESCRIPTION}
                }


NDJSON_DESCRIPTION = (
    "One record per line, each as the JSON answer shows it (application/x-ndjson). A list "
    "asked for without page_size or cursor streams every matching record."
)
EXPORT_NOTE = (
    " As CSV or NDJSON (`Accept: text/csv` or `application/x-ndjson`, or the address "
    "`/api/v1/{plural}.csv` or `.ndjson`), it streams every matching record in the same order, "
    "not a page; with `page_size` or `cursor` it gives that page, linked by `Link` headers."
)


def document_resource(name: str, plural: str, shape=None):
    """Summaries for a resource's operations; writes answer with the record as its ``shape``
    details it (given for resources the write API changes)."""
    operations = {
        "list": extend_schema(
            summary=f"List {plural}",
            description=f"Published {plural} matching every filter given, a page at a time "
            "(the `Link` header has the next and previous pages)."
            + EXPORT_NOTE.format(plural=plural.replace(" ", "-").replace("reported-", "")),
        ),
        "retrieve": extend_schema(
            summary=f"One {name}",
            description="The answer's `ETag` is what a curator's If-Match sends back.",
        ),
    }
    if shape is not None:
        representation = serializer_of(shape, detail=True)
        curators = (
            "Curators only (token or session); the record is checked as in the admin. The "
            "answer carries the record's new `ETag`."
        )
        if_match = [
            OpenApiParameter(
                "If-Match",
                {"type": "string", "pattern": IF_MATCH_PATTERN},
                OpenApiParameter.HEADER,
                description="The `ETag` of the record as you last read it: if it has changed "
                "since, the write is refused with 412 and nothing is lost.",
            )
        ]
        operations |= {
            "create": extend_schema(
                summary=f"Add a {name}", description=curators, responses={201: representation}
            ),
            "update": extend_schema(
                summary=f"Replace a {name}",
                description=curators,
                parameters=if_match,
                responses={200: representation},
            ),
            "partial_update": extend_schema(
                summary=f"Change some fields of a {name}",
                description=curators + " Fields and relations left out stay as they are.",
                parameters=if_match,
                responses={200: representation},
            ),
            "destroy": extend_schema(
                summary=f"Delete a {name}",
                description="Needs the delete permission.",
                parameters=if_match,
            ),
        }
    return extend_schema_view(**operations)


def tighten(result, generator, request, public):
    """drf-spectacular post-processing: say in the document what the API refuses.

    Query parameters are never empty (an empty value is an error, not "no filter"); a
    country is an ISO 3166-1 alpha-2 code; request bodies take no undeclared keys, and
    no list in them holds more than MAX_LIST_ITEMS.
    """
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") != "query":
                    continue
                schema = parameter["schema"]
                value = schema.get("items", schema)
                if value.get("type") == "string":
                    value.setdefault("minLength", 1)
                    if parameter["name"] == "country":
                        value.setdefault("pattern", country_code.regex.pattern)
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request") and component.get("type") == "object":
            component["additionalProperties"] = False
            for value in component.get("properties", {}).values():
                if value.get("type") == "array":
                    value.setdefault("maxItems", MAX_LIST_ITEMS)
    return result
