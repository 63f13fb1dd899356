import datetime

import pytest
from django.core.exceptions import ValidationError

from diplomacy.validation import check_date_range, check_quote, locate_excerpt

TEXT = "Wang said “peace now.” Later Wang said it again: peace now."


def test_a_unique_excerpt_gives_its_offsets():
    start, end = locate_excerpt(TEXT, "Later Wang")
    assert TEXT[start:end] == "Later Wang"


def test_a_repeated_excerpt_needs_an_occurrence():
    with pytest.raises(ValidationError, match="appears 2 times"):
        locate_excerpt(TEXT, "peace now")
    start, _ = locate_excerpt(TEXT, "peace now", occurrence=2)
    assert start == TEXT.rindex("peace now")


def test_an_occurrence_on_a_unique_excerpt_must_be_one():
    with pytest.raises(ValidationError, match="occurrence 2 does not exist"):
        locate_excerpt(TEXT, "Later Wang", occurrence=2)


def test_a_missing_excerpt_is_refused_with_its_words():
    with pytest.raises(ValidationError, match="'Wang said peace' is not in the source text"):
        locate_excerpt(TEXT, "Wang said peace")


def test_a_quote_must_follow_a_quotation_mark_in_an_excerpt():
    check_quote("peace now.", ["Wang said “peace now.”"])
    with pytest.raises(ValidationError, match="exact words between quotation marks"):
        check_quote("peace now.", ["it again: peace now."])


def test_a_date_range_spans_at_most_a_year():
    check_date_range(datetime.date(2023, 1, 1), datetime.date(2023, 12, 31))
    check_date_range(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))  # a leap year
    with pytest.raises(ValidationError, match="spans at most a year"):
        check_date_range(datetime.date(2023, 1, 1), datetime.date(2024, 1, 3))
