"""CSV and NDJSON answers, chosen by the Accept header or a suffix (``/meetings.csv``).

A page or a record renders through these; a whole export streams through
``ReadOnlyResourceViewSet.export`` with the same lines.
"""

from rest_framework import renderers

from api.tabular import CsvLines, ndjson_lines, table_of

CSV = "csv"
NDJSON = "ndjson"
EXPORT_FORMATS = (CSV, NDJSON)


def records_of(data, view) -> tuple[list[dict], bool]:
    """The records an answer holds, and whether it is a record's own page."""
    detail = getattr(view, "action", "list") != "list"
    if isinstance(data, dict) and "results" in data and not detail:
        return data["results"], False
    return [data], detail


class CSVRenderer(renderers.BaseRenderer):
    media_type = "text/csv"
    format = CSV
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        view = (renderer_context or {}).get("view")
        records, detail = records_of(data, view)
        lines = CsvLines(table_of(view.shape, detail))
        return (lines.header() + lines.rows(records)).encode()

    @staticmethod
    def stream(shape):
        lines = CsvLines(table_of(shape))
        return lines.header().encode(), lambda records: lines.rows(records).encode()


class NDJSONRenderer(renderers.BaseRenderer):
    media_type = "application/x-ndjson"
    format = NDJSON
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        records, _ = records_of(data, (renderer_context or {}).get("view"))
        return ndjson_lines(records)

    @staticmethod
    def stream(shape):
        return b"", ndjson_lines
