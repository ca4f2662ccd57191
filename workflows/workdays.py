"""Working-day calendar for legal deadlines (公示期, 补正期, 异议核查期).

chinesecalendar is the seed; CalendarOverride rows entered by staff win over it and
supply years the package does not know yet. For a year known to neither we refuse to
guess: deadlines that depend on it raise CalendarDataMissing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import chinese_calendar

from .models import CalendarOverride

SHANGHAI = ZoneInfo("Asia/Shanghai")


class CalendarDataMissing(Exception):
    """No holiday schedule is known for the year; staff must add it as overrides first."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(
            f"{year}年的节假日安排尚未录入，无法计算工作日，请先在后台“节假日调整”中录入国务院办公厅通知。"
            f" The {year} holiday schedule is not known yet; add it under Calendar overrides first."
        )


class WorkdayCalendar:
    """Answers is_workday for a span of days with one query for the overrides."""

    def __init__(self, start: dt.date, end: dt.date):
        rows = CalendarOverride.objects.filter(date__gte=start, date__lte=end, region_code="")
        self.overrides = {row.date: row.is_workday for row in rows}
        self.override_years = set(
            CalendarOverride.objects.filter(date__year__gte=start.year, date__year__lte=end.year, region_code="")
            .values_list("date__year", flat=True)
            .distinct()
        )

    def is_workday(self, day: dt.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            if day.year in self.override_years:
                return day.weekday() < 5
            raise CalendarDataMissing(day.year) from None


def is_workday(day: dt.date) -> bool:
    return WorkdayCalendar(day, day).is_workday(day)


def add_working_days(start: dt.date, count: int, start_day_counts: bool = True) -> dt.date:
    """The day on which `count` working days are complete, counting from `start`."""
    if count < 1:
        raise ValueError("count must be at least 1")
    calendar = WorkdayCalendar(start, start + dt.timedelta(days=count * 3 + 40))
    day = start if start_day_counts else start + dt.timedelta(days=1)
    left = count
    while True:
        if calendar.is_workday(day):
            left -= 1
            if left == 0:
                return day
        day += dt.timedelta(days=1)


def last_day_of_period(start: dt.date, length: int, unit: str, start_day_counts: bool = True) -> dt.date:
    if unit == "working":
        return add_working_days(start, length, start_day_counts)
    return start + dt.timedelta(days=length - 1 if start_day_counts else length)


def end_of_day(day: dt.date) -> dt.datetime:
    """24:00 of `day` in Asia/Shanghai (民法典 Art. 203), as the exclusive instant that ends it."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=SHANGHAI)


@dataclass(frozen=True)
class Window:
    opens_at: dt.datetime
    closes_at: dt.datetime  # exclusive
    last_day: dt.date

    def contains(self, moment: dt.datetime) -> bool:
        return self.opens_at <= moment < self.closes_at


def period_window(start: dt.date, length: int, unit: str, start_day_counts: bool = True) -> Window:
    last = last_day_of_period(start, length, unit, start_day_counts)
    return Window(
        opens_at=dt.datetime.combine(start, dt.time.min, tzinfo=SHANGHAI), closes_at=end_of_day(last), last_day=last
    )
