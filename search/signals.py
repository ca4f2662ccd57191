"""Signal handlers: a change to an indexed object writes an outbox row in its transaction.

Other apps call nothing; `registry.register` connects these for each searchable model.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

_connected: set[tuple[str, int]] = set()


def _connect(signal, receiver, sender, uid: str) -> None:
    # dispatch_uid keeps a second registration (tests, autoreload) from doubling rows.
    key = (uid, id(sender))
    if key in _connected:
        return
    signal.connect(receiver, sender=sender, weak=False, dispatch_uid=f"search:{uid}:{sender._meta.label}")
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
        from wagtail.signals import page_published, page_unpublished

        _connect(page_published, on_change, search_type.model, f"{key}:published")
        _connect(page_unpublished, on_change, search_type.model, f"{key}:unpublished")

    for index, (model, affected_ids) in enumerate(search_type.depends_on):

        def on_dependency_change(sender, instance, raw=False, _affected_ids=affected_ids, **kwargs):
            if raw:
                return
            enqueue(key, list(_affected_ids(instance)))

        _connect(post_save, on_dependency_change, model, f"{key}:depends:{index}")
