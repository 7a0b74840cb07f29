"""Quarterly returns: CSP managers enter their district's figures."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from partnerships.models import Partnership


@login_required
def returns_index(request):
    managed = Partnership.objects.managed_by(request.user).prefetch_related("areas")
    return render(request, "indicators/returns_index.html", {"managed": managed})
