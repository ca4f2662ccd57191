"""Authentication backend with failed-login lockout (django-axes)."""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """Axes' lockout check for every login that comes with an HTTP request.

    Logins without a request (management commands, the test client's ``login()``) cannot be
    attributed to a client address, so there is nothing to lock out; they fall through to the
    next backend instead of failing as Axes' own backend does.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
