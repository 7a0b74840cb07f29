"""Sign-in throttling (django-axes) hooks: whose address a sign-in came from, and the paused page.

``X-Forwarded-For`` is written by whoever sends the request, so it is believed
only as far as the proxies we run (``TRUSTED_PROXY_COUNT``): each trusted proxy
appends the address it received the request from, so the client is the entry
that many places from the right. Anything further left was written by the
client and is ignored. With no trusted proxy the header is ignored entirely.
"""

from __future__ import annotations

import ipaddress
from datetime import datetime

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render


class SignInForm(AuthenticationForm):
    """Django's sign-in form, with the username's length checked before a sign-in is tried.

    ``AuthenticationForm`` sets ``max_length`` after the field is built, so it is never checked: a 1 MB
    name went to ``authenticate`` and django-axes stored it (a 500 on PostgreSQL, ``varchar(255)``).
    """

    def clean_username(self):
        username = self.cleaned_data["username"]
        limit = self.fields["username"].max_length
        if limit and len(username) > limit:
            raise forms.ValidationError(f"Enter a username of {limit} characters or fewer")
        return username


def client_ip(request) -> str | None:
    """The address of whoever connected to the first proxy we trust (``AXES_CLIENT_IP_CALLABLE``)."""
    remote = request.META.get("REMOTE_ADDR")
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < trusted:
        return remote  # did not come through all our proxies: only the connection itself is known
    candidate = forwarded[-trusted]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def retry_at(request, credentials=None) -> datetime | None:
    """When this username may sign in again from this address.

    Axes counts the failures newer than the cool-off; the pause ends when the
    oldest failure still needed to reach the limit passes out of the cool-off.
    Attempts made during a pause are not recorded
    (``AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False``), so this time
    does not move.
    """
    cool_off, limit = get_cool_off(request), get_failure_limit(request, credentials)
    if cool_off is None:
        return None
    handler = AxesProxyHandler.get_implementation()
    ends = []
    for attempts in handler.get_user_attempts(request, credentials):
        total = 0
        for attempt_time, failures in attempts.order_by("-attempt_time").values_list(
            "attempt_time", "failures_since_start"
        ):
            total += failures
            if total >= limit:
                ends.append(attempt_time + cool_off)
                break
    return max(ends, default=None)


def lockout_response(request, original_response=None, credentials=None):
    """The paused page (``AXES_LOCKOUT_CALLABLE``), saying when to try again."""
    context = {
        "username": get_client_username(request, credentials) or "",
        "retry_at": retry_at(request, credentials),
    }
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE)
