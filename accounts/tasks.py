"""Background work of accounts (eager in development and tests; the Celery worker in production)."""

from celery import shared_task


@shared_task
def send_verification_email(user_id: int) -> bool:
    from .models import User
    from .services import send_verification_email as send

    user = User.objects.filter(pk=user_id, is_active=False).first()
    if user is None:  # verified already, or gone: nothing to send
        return False
    send(user)
    return True
