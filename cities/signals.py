"""The city case copies its demonstration period from the Title its naming conferred (workflows/titles),
in the naming's transaction, whichever desk recorded the decision (the city desk or the notice desk)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save
from django.dispatch import receiver

from workflows.titles.models import Title

from .models import City


@receiver(post_save, sender=Title, dispatch_uid="cities-title-conferred")
def copy_demonstration_period(sender, instance: Title, created: bool, raw: bool = False, **kwargs) -> None:
    if raw or not created or instance.content_type_id != ContentType.objects.get_for_model(City).pk:
        return
    City.objects.filter(pk=instance.object_id).update(
        named_on=instance.valid_from, demonstration_ends_on=instance.valid_until
    )
