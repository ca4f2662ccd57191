from .models import RetentionPeriod


def retention_periods() -> list[RetentionPeriod]:
    """The periods in their admin order: what the privacy page tells the public and the purge applies."""
    return list(RetentionPeriod.objects.all())
