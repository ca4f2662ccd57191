"""`{{ value|deadline }}`: a deadline as people read it.

Deadlines that end a day are stored as the exclusive instant 00:00 of the next day (workdays.end_of_day);
printed as they are, "2028-11-24 00:00" looks a day later than the rule says. We print the last day
with 24:00 instead ("2028-11-23 24:00"), in Shanghai time; other instants print as they are.
"""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.formats import get_format

register = template.Library()

# "long" is the active language's date format (2026年12月2日 / Dec. 2, 2026).
FORMATS = {"short": "Y-m-d", "long": "DATE_FORMAT"}


@register.filter
def deadline(value: dt.datetime | None, style: str = "short") -> str:
    if not value:
        return ""
    local = timezone.localtime(value)
    day_format = FORMATS.get(style, FORMATS["short"])
    if day_format == "DATE_FORMAT":
        day_format = get_format("DATE_FORMAT")
    if local.time() == dt.time.min:
        return f"{format_date(local - dt.timedelta(days=1), day_format)} 24:00"
    return f"{format_date(local, day_format)} {local:%H:%M}"
