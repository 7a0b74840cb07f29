from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from partnerships.models import Partnership, PartnershipPriority


@login_required
def partnership_index(request):
    partnerships = Partnership.objects.select_related("reports_to").order_by("kind", "name")
    labels = dict(Partnership.Kind.choices)
    groups = [(labels[kind], list(items)) for kind, items in groupby(partnerships, key=lambda p: p.kind)]
    return render(request, "partnerships/index.html", {"groups": groups})


@login_required
def partnership_detail(request, slug):
    partnership = get_object_or_404(Partnership.objects.select_related("reports_to"), slug=slug)
    context = {
        "partnership": partnership,
        "areas": partnership.areas.all(),
        "memberships": partnership.memberships.select_related("agency"),
        "reporting": partnership.reporting_partnerships.all(),
        "holdings": partnership.priority_holdings.select_related("theme").order_by("theme__order"),
        "priorities": PartnershipPriority.objects.filter(partnership=partnership).prefetch_related("actions"),
    }
    return render(request, "partnerships/detail.html", context)
