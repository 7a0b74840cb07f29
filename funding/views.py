from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from funding.models import Grant


@login_required
def funding_index(request):
    grants = Grant.objects.select_related("stream", "stream__funder", "recipient").order_by("starts_on", "title")
    return render(request, "funding/index.html", {"grants": grants})
