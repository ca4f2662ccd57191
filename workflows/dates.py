"""Calendar arithmetic for validity periods, cool-downs, recusal windows and deadlines: one home.

Working days (公示期, 补正期) are in workdays.py; this module counts calendar years and months.
A date that does not exist in the target month falls back to that month's last day: 29 February
plus one year is 28 February (docs/dates.md).
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.utils import timezone

from .workdays import SHANGHAI


def local_today() -> dt.date:
    """Today in Asia/Shanghai, whatever the server's time zone."""
    return timezone.now().astimezone(SHANGHAI).date()


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier, when negative), clamped to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later (earlier when negative); 29 February becomes 28 February."""
    return add_months(day, 12 * years)


def yearly_due_dates(start: dt.date, years: int, months_after: int = 0) -> list[dt.date]:
    """The due date of each of `years` yearly reports from `start`: the end of year n (its
    anniversary) plus `months_after` months, for n = 1..years."""
    return [add_months(add_years(start, n), months_after) for n in range(1, years + 1)]


def years_before(day: dt.date, years: int) -> dt.date:
    return add_years(day, -years)


def add_months_local(moment: dt.datetime, months: int) -> dt.datetime:
    """A moment `months` later on the Shanghai wall clock (a deadline moved by an extension)."""
    local = moment.astimezone(SHANGHAI)
    day = add_months(local.date(), months)
    return local.replace(year=day.year, month=day.month, day=day.day)


def whole_years_between(start: dt.date, end: dt.date) -> int:
    """Completed years from `start` to `end`: the most `n` with add_years(start, n) <= end.

    Consistent with add_years, so an organisation founded on 29 February completes a year on
    28 February of a common year (docs/dates.md).
    """
    years = end.year - start.year
    while years > 0 and add_years(start, years) > end:
        years -= 1
    return max(years, 0)
