from django.utils.translation import gettext_lazy as _


class SearchUnavailable(Exception):
    """The search server cannot be reached or refused the request."""

    message = _("搜索服务暂时不可用，请稍后再试。")

    def __str__(self) -> str:
        detail = super().__str__()
        return f"{self.message} ({detail})" if detail else str(self.message)
