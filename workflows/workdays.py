"""Working-day calendar for legal deadlines (公示期, 补正期, 异议核查期).

chinesecalendar is the seed; CalendarOverride rows entered by staff win over it and
supply years the package does not know yet. Such a year is used only once staff mark it
complete (CalendarYear); for any other year we refuse to guess: deadlines that depend on it
raise CalendarDataMissing naming the year (docs/working-days.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import chinese_calendar
from django.utils.translation import gettext as _

from .exceptions import WorkflowError
from .models import CalendarOverride, CalendarYear

SHANGHAI = ZoneInfo("Asia/Shanghai")


class CalendarDataMissing(Exception):
    """No complete holiday schedule is known for the year; staff must enter it and mark it complete."""

    def __init__(self, year: int, partial: bool = False):
        self.year = year
        self.partial = partial
        if partial:
            message = _(
                "%(year)s年的节假日安排只录入了一部分，尚未标记为完整，无法计算工作日。"
                "请在后台“节假日调整”中录入全部日期，再在“日历年度”中将%(year)s年标记为已完整录入。"
            )
        else:
            message = _(
                "%(year)s年的节假日安排尚未录入，无法计算工作日。请先在后台“节假日调整”中录入国务院办公厅通知，"
                "再在“日历年度”中将%(year)s年标记为已完整录入。"
            )
        super().__init__(message % {"year": year})


class WorkdayCalendar:
    """Answers is_workday for a span of days with one query for the overrides and one for the years."""

    def __init__(self, start: dt.date, end: dt.date):
        rows = CalendarOverride.objects.filter(date__gte=start, date__lte=end, region_code="")
        self.overrides = {row.date: row.is_workday for row in rows}
        self.complete_years = set(
            CalendarYear.objects.filter(year__gte=start.year, year__lte=end.year, complete=True).values_list(
                "year", flat=True
            )
        )

    def is_workday(self, day: dt.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            if day.year in self.complete_years:
                return day.weekday() < 5
            partial = CalendarOverride.objects.filter(date__year=day.year, region_code="").exists()
            raise CalendarDataMissing(day.year, partial=partial) from None


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


class NoticeRulesInvalid(WorkflowError):
    """The edition's notice or objection-review time is outside its program's bounds."""


def edition_notice_window(edition, start: dt.date) -> Window:
    """The notice window of `edition` starting on `start`, after checking the program's bounds.

    Bounds (docs/notice-rules.md): the edition's numbers must lie within the program's minimum and
    maximum, and the window itself must hold at least the program's minimum of working days (a
    calendar-day notice over a holiday may not). Raises NoticeRulesInvalid, CalendarDataMissing.
    """
    problems = edition.notice_rule_problems()
    if problems:
        raise NoticeRulesInvalid(" ".join(str(message) for message in problems.values()))
    window = period_window(start, edition.notice_length, edition.notice_unit, edition.notice_start_day_counts)
    minimum = edition.program.min_notice_working_days
    first = window.opens_at.date() if edition.notice_start_day_counts else window.opens_at.date() + dt.timedelta(days=1)
    calendar = WorkdayCalendar(first, window.last_day)
    working = sum(calendar.is_workday(first + dt.timedelta(days=i)) for i in range((window.last_day - first).days + 1))
    if working < minimum:
        raise NoticeRulesInvalid(
            _(
                "该公示期（%(first)s至%(last)s）只含%(working)s个工作日，少于%(program)s规定的%(min)s个工作日，请延长公示期。"
            )
            % {
                "first": f"{first:%Y-%m-%d}",
                "last": f"{window.last_day:%Y-%m-%d}",
                "working": working,
                "program": edition.program.name,
                "min": minimum,
            }
        )
    return window
