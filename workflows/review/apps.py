from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "workflows.review"
    label = "review"
    verbose_name = _("专家评审")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        # Programs say who their recommending body's people are (workflows/review/recommenders.py).
        autodiscover_modules("review_hooks")
