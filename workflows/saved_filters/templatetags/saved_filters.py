from django import template

from ..selectors import saved_filters as saved_filters_of
from ..services import filter_query

register = template.Library()


@register.inclusion_tag("includes/saved_filters.html", takes_context=True)
def saved_filters(context, desk_key: str):
    """The desk's saved-filter links for the signed-in user, and a form to save the current filter."""
    request = context["request"]
    current = filter_query(request.GET.urlencode())
    filters = saved_filters_of(request.user, desk_key)
    return {
        "desk_key": desk_key,
        "current_query": current,
        "filters": [(saved, saved.query == current) for saved in filters],
        "csrf_token": context.get("csrf_token"),
    }
