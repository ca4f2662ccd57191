import datetime as dt

import pytest

from workflows.models import CalendarOverride, CalendarYear
from workflows.workdays import CalendarDataMissing, add_working_days, is_workday, period_window

pytestmark = pytest.mark.django_db


def test_five_working_days_counting_the_start_day():
    assert add_working_days(dt.date(2022, 4, 18), 5) == dt.date(2022, 4, 22)


def test_five_working_days_from_the_next_day_lands_on_a_swapped_sunday():
    # 2022-04-24 was a Sunday declared a working day (调休) before the May Day holiday.
    assert add_working_days(dt.date(2022, 4, 18), 5, start_day_counts=False) == dt.date(2022, 4, 24)


def test_seven_working_days_span_national_day_2025():
    # 09-28 (Sun) and 10-11 (Sat) were working days; 10-01..10-08 were holidays.
    assert add_working_days(dt.date(2025, 9, 26), 7) == dt.date(2025, 10, 11)


def test_window_ends_at_midnight_shanghai_after_the_last_day():
    window = period_window(dt.date(2025, 9, 26), 7, "working")
    assert window.closes_at.isoformat() == "2025-10-12T00:00:00+08:00"
    assert window.contains(dt.datetime(2025, 10, 11, 23, 59, 59, tzinfo=window.closes_at.tzinfo)) is True
    assert window.contains(window.closes_at) is False


def test_calendar_days_window():
    assert period_window(dt.date(2025, 9, 26), 7, "calendar").last_day == dt.date(2025, 10, 2)
    assert period_window(dt.date(2025, 9, 26), 7, "calendar", start_day_counts=False).last_day == dt.date(2025, 10, 3)


def test_refuses_2027_without_overrides():
    with pytest.raises(CalendarDataMissing) as exc:
        add_working_days(dt.date(2027, 3, 1), 5)
    assert "2027" in str(exc.value)


def test_a_partly_entered_year_refuses_and_names_the_year():
    # One override for 2027 used to make the whole year "known", National Day counted as working days.
    CalendarOverride.objects.create(date=dt.date(2027, 1, 1), is_workday=False, source_doc="国办发明电〔2026〕")
    with pytest.raises(CalendarDataMissing) as exc:
        add_working_days(dt.date(2027, 9, 30), 3)
    assert (exc.value.year, exc.value.partial) == (2027, True)
    assert "2027年的节假日安排只录入了一部分" in str(exc.value)


def test_a_window_reaching_into_an_unknown_year_names_that_year():
    with pytest.raises(CalendarDataMissing) as exc:
        add_working_days(dt.date(2026, 12, 28), 10)
    assert exc.value.year == 2027


def test_2027_works_once_staff_enter_the_schedule_and_mark_it_complete():
    CalendarOverride.objects.create(date=dt.date(2027, 1, 1), is_workday=False, source_doc="国办发明电〔2026〕")
    CalendarYear.objects.create(year=2027, complete=True, source_doc="国办发明电〔2026〕")
    # 2027-03-01 is a Monday: five ordinary weekdays.
    assert add_working_days(dt.date(2027, 3, 1), 5) == dt.date(2027, 3, 5)
    assert is_workday(dt.date(2027, 1, 1)) is False


def test_override_beats_the_package():
    CalendarOverride.objects.create(date=dt.date(2026, 6, 1), is_workday=False, source_doc="local holiday")
    assert is_workday(dt.date(2026, 6, 1)) is False
    assert add_working_days(dt.date(2026, 6, 1), 1) == dt.date(2026, 6, 2)
