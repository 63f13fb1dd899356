"""Failed logins, at the admin and the token endpoint: django-axes' lockouts, and a backoff per
username that slows guesses from everywhere without locking the curator out.

django-axes locks out an address after ``LOGIN_FAILURE_LIMIT`` failures, and a username
from one address after as many: a stranger who forges or rotates addresses locks only
their own. Beyond that many failures of a username from all addresses together, each
further attempt from an address that never signed in as that user waits twice as long
as the last, up to ``LOGIN_BACKOFF_MAX_SECONDS`` after the latest failure (429 with
Retry-After, the password not even checked). The curator's own addresses, those with a
successful login on record, are not slowed.
"""

import datetime

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone


def backoff_seconds(failures: int) -> float:
    """How long after the latest failure the next guess waits, given the username's failures
    from every address."""
    beyond = failures - settings.AXES_FAILURE_LIMIT
    if beyond < 0:
        return 0.0
    return float(min(2**beyond, settings.LOGIN_BACKOFF_MAX_SECONDS))


class BackoffHandler(AxesDatabaseHandler):
    """django-axes' database handler (``AXES_HANDLER``), with the username backoff."""

    def is_locked(self, request, credentials=None) -> bool:
        if super().is_locked(request, credentials):
            return True
        wait = self.backoff(request, credentials)
        if wait > 0:
            request.login_backoff_seconds = wait  # for the answer's Retry-After
            return True
        return False

    def backoff(self, request, credentials) -> float:
        """Seconds this attempt must still wait; 0 when it may go ahead."""
        username = get_client_username(request, credentials)
        if not username:
            return 0.0
        since = timezone.now() - settings.AXES_COOLOFF_TIME
        failed = AccessAttempt.objects.filter(username=username, attempt_time__gte=since)
        tally = failed.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        wait = backoff_seconds(tally["failures"] or 0)
        if not wait:
            return 0.0
        known = AccessLog.objects.filter(username=username, ip_address=request.axes_ip_address)
        if known.exists():
            return 0.0
        left = tally["last"] + datetime.timedelta(seconds=wait) - timezone.now()
        return max(left.total_seconds(), 0.0)
