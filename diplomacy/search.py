"""Full-text search over statements and plain-text search elsewhere.

On PostgreSQL, statement search matches a stored, GIN-indexed
``to_tsvector('english', text)`` with websearch syntax and English stemming.
On the embedded SQLite database the same syntax (words, "quoted phrases",
-exclusions and ``or``) goes to an FTS5 index with the Porter stemmer. A query
of exclusions alone, which FTS5 cannot express, and the plain-text search of
other records match case-insensitive substrings instead.
"""

import re
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import F, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast

SEARCH_CONFIG = "english"
TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')


# The column a trigger keeps as the search vector of each searchable text field
# (migration 0006), GIN-indexed.
STORED_VECTORS = {"text": "search_document"}
# On SQLite, the ids an FTS5 index (migration 0007) matches for a query.
FTS5_ROWIDS = {
    "text": "SELECT rowid FROM diplomacy_statement_fts WHERE diplomacy_statement_fts MATCH %s"
}


def text_search_vector(field: str = "text") -> SearchVector:
    """The expression migration 0002 indexed, before the vector was stored."""
    return SearchVector(field, config=SEARCH_CONFIG)


def supports_ranking(queryset: QuerySet) -> bool:
    return connections[queryset.db].vendor == "postgresql"


def full_text_search(queryset: QuerySet, query: str, field: str = "text") -> QuerySet:
    """Records whose ``field`` matches ``query``, annotated with ``search_rank`` on PostgreSQL."""
    if supports_ranking(queryset):
        search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        document = F(STORED_VECTORS[field])
        return queryset.filter(**{STORED_VECTORS[field]: search_query}).annotate(
            # float8, so that a rank survives the round trip through a page cursor exactly
            search_rank=Cast(SearchRank(document, search_query), FloatField())
        )
    match = fts5_query(query)
    if match is None:
        return queryset.filter(substring_query(query, [field]))
    return queryset.filter(pk__in=RawSQL(FTS5_ROWIDS[field], [match]))


def fts5_query(query: str) -> str | None:
    """Websearch syntax as an FTS5 query, or None when FTS5 cannot say it.

    FTS5 has no bare NOT: a group of exclusions alone (``-word``) is left to the
    substring search.
    """
    groups = []
    for terms in websearch_groups(query):
        wanted = [quoted(text) for text, exclude in terms if not exclude]
        unwanted = [quoted(text) for text, exclude in terms if exclude]
        if not wanted:
            return None
        groups.append(" NOT ".join([" AND ".join(wanted), *unwanted]))
    if not groups:
        return None
    return " OR ".join(f"({group})" for group in groups)


def quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def websearch_groups(query: str) -> list[list[tuple[str, bool]]]:
    """The alternatives of a websearch query, each a list of (text, excluded) terms."""
    alternatives, terms = [], []
    for negate, phrase, word in TOKEN.findall(query):
        if word.lower() == "or" and terms:
            alternatives.append(terms)
            terms = []
            continue
        text = phrase if phrase or not word else word
        exclude = bool(negate) or (word.startswith("-") and len(word) > 1)
        text = text.lstrip("-") if word else text
        if text.strip():
            terms.append((text, exclude))
    if terms:
        alternatives.append(terms)
    return alternatives


def substring_query(query: str, fields: list[str]) -> Q:
    """Websearch-like syntax as case-insensitive substring matches across ``fields``."""
    groups = []
    for terms in websearch_groups(query):
        conditions = []
        for text, exclude in terms:
            matches = reduce(or_, (Q(**{f"{field}__icontains": text}) for field in fields))
            conditions.append(~matches if exclude else matches)
        groups.append(reduce(and_, conditions))
    if not groups:
        return Q()
    return reduce(or_, groups)
