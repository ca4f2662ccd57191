"""The `deadline` template filter prints day-ending deadlines as the last day at 24:00, in Shanghai time."""

import datetime as dt

from django.template import Context, Template

from workflows.workdays import SHANGHAI, end_of_day


def render(value, style: str = "") -> str:
    argument = f':"{style}"' if style else ""
    return Template("{% load deadlines %}{{ value|deadline" + argument + " }}").render(Context({"value": value}))


def test_a_day_ending_deadline_reads_as_that_day_at_24_00():
    assert render(end_of_day(dt.date(2028, 11, 23))) == "2028-11-23 24:00"
    assert render(end_of_day(dt.date(2028, 11, 23)), "long") == "2028年11月23日 24:00"


def test_a_deadline_stored_in_utc_is_read_in_shanghai_time():
    # 16:00 UTC on 23 Nov is 00:00 on 24 Nov in Shanghai: the end of the 23rd there.
    assert render(dt.datetime(2028, 11, 23, 16, 0, tzinfo=dt.UTC)) == "2028-11-23 24:00"


def test_other_instants_print_as_they_are():
    assert render(dt.datetime(2027, 1, 22, 17, 0, tzinfo=SHANGHAI)) == "2027-01-22 17:00"


def test_no_deadline_prints_nothing():
    assert render(None) == ""
