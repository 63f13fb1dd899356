import datetime

import pytest
from django.core.exceptions import ValidationError

from diplomacy.dating import edtf_interval, interval_of
from diplomacy.validation import (
    check_date_range,
    check_quote,
    check_reported_after_event,
    locate_excerpt,
)

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


D = datetime.date


def test_a_dated_record_gives_both_days_and_an_undated_one_neither():
    check_date_range(D(2023, 10, 1), D(2023, 10, 31), "month")
    check_date_range(None, None, "unknown")
    with pytest.raises(ValidationError, match="both the earliest and the latest day"):
        check_date_range(D(2023, 10, 1), None, "month")
    with pytest.raises(ValidationError, match="or the precision 'unknown'"):
        check_date_range(None, None, "day")
    with pytest.raises(ValidationError, match="An unknown date has no days"):
        check_date_range(D(2023, 10, 1), D(2023, 10, 1), "unknown")


def test_a_post_may_be_open_at_either_end():
    check_date_range(D(2023, 10, 1), None, "day", open_ended=True)
    check_date_range(None, D(2023, 10, 1), "day", open_ended=True)
    check_date_range(D(2001, 1, 1), D(2023, 10, 1), "day", open_ended=True)  # longer than a year


def test_a_figure_about_the_7_october_attack_is_not_reported_before_it():
    check_reported_after_event("oct7-attack-deaths", D(2023, 10, 7))
    with pytest.raises(ValidationError, match="cannot have been reported before"):
        check_reported_after_event("oct7-attack-deaths", D(2023, 10, 1))


@pytest.mark.parametrize(
    ("start", "end", "written"),
    [
        (D(2023, 11, 20), D(2023, 11, 20), "2023-11-20"),
        (D(2023, 10, 1), D(2023, 10, 31), "2023-10"),
        (D(2024, 2, 1), D(2024, 2, 29), "2024-02"),
        (D(2023, 1, 1), D(2023, 12, 31), "2023"),
        (D(2023, 10, 8), D(2023, 10, 31), "2023-10-08/2023-10-31"),
        (D(2023, 11, 20), D(2023, 11, 21), "2023-11-20/2023-11-21"),
        (D(2023, 11, 20), None, "2023-11-20/.."),
        (None, D(2023, 11, 20), "../2023-11-20"),
    ],
)
def test_an_interval_is_written_as_edtf_and_read_back_by_an_edtf_parser(start, end, written):
    assert edtf_interval(start, end) == written
    assert interval_of(written) == (start, end)


def test_an_unknown_interval_has_no_edtf_and_nonsense_is_not_read():
    assert edtf_interval(None, None) is None
    for nonsense in ("October", "2023-13", "../..", "", "2023-10-32"):
        with pytest.raises(ValueError):
            interval_of(nonsense)


@pytest.mark.parametrize(
    "text",
    [
        "2023",
        "2023-10",
        "2023-02",
        "2024-02",
        "2023-10-09",
        "2023-10-08/2023-10-31",
        "2023/..",
        "../2024-03",
        "0001",
        "9999-12-31",
        "2023-21",
        "2023-10-09~",
        "2023?",
    ],
)
def test_plain_dates_are_read_as_the_edtf_parser_reads_them(text):
    from diplomacy import dating

    def by_parser(part: str, end: str):
        from edtf import parse_edtf

        moment = getattr(parse_edtf(part), end)()
        return datetime.date(moment.tm_year, moment.tm_mon, moment.tm_mday)

    start, end = dating.interval_of(text)
    parts = text.split("/")
    if parts[0] != "..":
        assert start == by_parser(parts[0], "lower_strict")
    if parts[-1] != "..":
        assert end == by_parser(parts[-1], "upper_strict")


@pytest.mark.parametrize("text", ["2023-02-30", "2023-13-01", "2023-00", "2023-10-32"])
def test_impossible_plain_dates_are_refused(text):
    from diplomacy import dating

    with pytest.raises(ValueError):
        dating.interval_of(text)
