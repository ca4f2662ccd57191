"""Signal handlers: a change to an indexed object writes an outbox row in its transaction.

Other apps call nothing; `registry.register` connects these for each searchable model.

Besides saves and deletes of the indexed models and their `depends_on` models, Wagtail's page
tree changes what is public and where it lives, without saving the indexed pages themselves:

- publishing, unpublishing or moving any page (a moved or renamed parent changes the URL of
  every call and notice below it) re-indexes the searchable pages in its subtree;
- adding or removing a view restriction does the same (a restricted page must leave the
  public index, and come back when the restriction goes).

Each re-indexes a subtree with one query per searchable page type and one bulk insert into
the outbox, however many pages it holds.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

_connected: set[tuple[str, int]] = set()


def _connect(signal, receiver, sender, uid: str) -> None:
    # dispatch_uid keeps a second registration (tests, autoreload) from doubling rows.
    key = (uid, id(sender))
    if key in _connected:
        return
    label = sender._meta.label if sender is not None else "any"
    signal.connect(receiver, sender=sender, weak=False, dispatch_uid=f"search:{uid}:{label}")
    _connected.add(key)


def connect_signals(search_type) -> None:
    from .services import enqueue

    key = search_type.key

    def on_change(sender, instance, raw=False, **kwargs):
        if raw:  # fixtures being loaded
            return
        enqueue(key, [instance.pk])

    _connect(post_save, on_change, search_type.model, f"{key}:save")
    _connect(post_delete, on_change, search_type.model, f"{key}:delete")

    from wagtail.models import Page

    if issubclass(search_type.model, Page):
        connect_page_tree_signals()

    for index, (model, affected_ids) in enumerate(search_type.depends_on):

        def on_dependency_change(sender, instance, raw=False, _affected_ids=affected_ids, **kwargs):
            if raw:
                return
            enqueue(key, list(_affected_ids(instance)))

        _connect(post_save, on_dependency_change, model, f"{key}:depends:{index}")


# --- Wagtail page tree -------------------------------------------------------------------
def reindex_page_subtree(page) -> None:
    """Queue every searchable page at or below `page` (any page type, live or not)."""
    from wagtail.models import Page

    from .registry import search_types
    from .services import enqueue

    for search_type in search_types():
        if issubclass(search_type.model, Page):
            ids = search_type.model.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True)
            enqueue(search_type.key, list(ids))


def _on_page_tree_change(sender, instance, **kwargs):
    reindex_page_subtree(instance)


def _on_view_restriction_change(sender, instance, raw=False, **kwargs):
    from wagtail.models import Page

    if raw:
        return
    try:
        page = Page.objects.get(pk=instance.page_id)
    except Page.DoesNotExist:  # the page itself is being deleted: its own delete signal re-indexes
        return
    reindex_page_subtree(page)


def connect_page_tree_signals() -> None:
    """Connected once, for every page class (sender=None): the changed page need not be searchable."""
    from wagtail.models import PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    _connect(page_published, _on_page_tree_change, None, "pages:published")
    _connect(page_unpublished, _on_page_tree_change, None, "pages:unpublished")
    _connect(post_page_move, _on_page_tree_change, None, "pages:moved")
    _connect(post_save, _on_view_restriction_change, PageViewRestriction, "pages:restricted")
    _connect(post_delete, _on_view_restriction_change, PageViewRestriction, "pages:unrestricted")
