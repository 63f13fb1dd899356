"""Full-text search over statements and plain-text search elsewhere.

On PostgreSQL, statement search matches a stored, GIN-indexed
``to_tsvector('english', text)`` with websearch syntax and English stemming.
The embedded SQLite database has no such index: there the same syntax (words,
"quoted phrases", -exclusions and ``or``) is matched case-insensitively as
substrings, so plain words and phrases find the same records on both; stemming
is PostgreSQL's alone.
"""

import re
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import F, FloatField, Q, QuerySet
from django.db.models.functions import Cast

SEARCH_CONFIG = "english"
TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')


# The column a trigger keeps as the search vector of each searchable text field
# (migration 0006), GIN-indexed.
STORED_VECTORS = {"text": "search_document"}


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
    return queryset.filter(substring_query(query, [field]))


def substring_query(query: str, fields: list[str]) -> Q:
    """Websearch-like syntax as case-insensitive substring matches across ``fields``."""
    alternatives, terms = [], []
    for negate, phrase, word in TOKEN.findall(query):
        if word.lower() == "or" and terms:
            alternatives.append(terms)
            terms = []
            continue
        text = phrase if phrase or not word else word
        exclude = bool(negate) or (word.startswith("-") and len(word) > 1)
        text = text.lstrip("-") if word else text
        if not text.strip():
            continue
        matches = reduce(or_, (Q(**{f"{field}__icontains": text}) for field in fields))
        terms.append(~matches if exclude else matches)
    if terms:
        alternatives.append(terms)
    if not alternatives:
        return Q()
    return reduce(or_, (reduce(and_, group) for group in alternatives))
