from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Models the secretariat edits in the Wagtail admin (added to accounts' staff-group registry).
STAFF_EDITABLE_MODELS = ["reviewsettings", "expertprofile", "pastemployment", "consultancytie", "avoidancerequest"]


class ReviewConfig(AppConfig):
    name = "workflows.review"
    label = "review"
    verbose_name = _("专家评审 Expert review")

    def ready(self):
        from accounts.services import STAFF_MODEL_PERMISSIONS

        STAFF_MODEL_PERMISSIONS.setdefault(self.label, STAFF_EDITABLE_MODELS)
