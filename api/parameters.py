"""The one check of a read's query parameters, for every address: lists and their exports,
facets, feeds, the calendar, the change feed, the OpenAPI document, and the addresses
that take none (a record, the API root, the documentation pages, snapshots).

A parameter the address does not take is an error, never ignored (a typo such as
``actr=`` must not silently return every record); so are an empty value, or one of
spaces only (no filter), and a value given twice to a parameter that takes one. Control
characters are refused before this, for every address (``api.middleware``). What a
value must be is each parameter's own check (a filter's field, a serializer's).
"""

from collections.abc import Mapping

from rest_framework.exceptions import ValidationError

UNKNOWN = "Unknown query parameter. Accepted: {accepted}."
NONE_TAKEN = "This address takes no query parameters."
EMPTY = "Empty value: give one, or leave the parameter out."
REPEATED = "Given more than once: this parameter takes one value."


def is_blank(value: str) -> bool:
    """An empty value, or one of spaces only: no filter, so an error to the API, never read
    as "no filter"."""
    return not value.strip()


def problems(
    params,
    accepted: Mapping[str, bool],
    refused: Mapping[str, str] | None = None,
) -> dict[str, list[str]]:
    """What is wrong with each parameter given, by name.

    ``accepted`` maps each parameter the address takes to whether it may be repeated;
    ``refused`` names parameters refused here with the reason (a feed does not page).
    """
    refused = refused or {}
    unknown = UNKNOWN.format(accepted=", ".join(sorted(accepted))) if accepted else NONE_TAKEN
    found = {}
    for name, values in params.lists():
        if name in refused:
            found[name] = [refused[name]]
        elif name not in accepted:
            found[name] = [unknown]
        elif any(is_blank(value) for value in values):
            found[name] = [EMPTY]
        elif len(values) > 1 and not accepted[name]:
            found[name] = [REPEATED]
    return found


def check(params, accepted: Mapping[str, bool], refused: Mapping[str, str] | None = None):
    """Refuse the query (400, naming each parameter at fault) unless every parameter given
    is one ``accepted`` takes, with values."""
    found = problems(params, accepted, refused)
    if found:
        raise ValidationError(found)


class TakesNoQueryParameters:
    """A view whose address takes no query parameters: any given is an error."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        check(request.query_params, {})
