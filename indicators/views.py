from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render

from funding.models import Grant
from funding.selectors import flagged_total_checks
from indicators.models import Agreement, Baseline, Indicator, Measurement, Target
from indicators.selectors import disaggregation_checks
from partnerships.models import Partnership


@login_required
def dashboard(request):
    agreements = Agreement.objects.annotate(indicator_count=Count("indicators")).order_by("-start_year")
    context = {
        "agreements": agreements,
        "partnership_count": Partnership.objects.count(),
        "grant_count": Grant.objects.count(),
        "measurement_count": Measurement.objects.count(),
        "flagged_targets": Target.objects.flagged().select_related("indicator", "area"),
        "total_flags": [c for c in disaggregation_checks() if c.differs] + flagged_total_checks(),
    }
    return render(request, "indicators/dashboard.html", context)


@login_required
def indicator_index(request):
    agreements = Agreement.objects.prefetch_related(
        Prefetch(
            "indicators",
            queryset=Indicator.objects.select_related("outcome").order_by("order", "code"),
        )
    ).order_by("-start_year")
    return render(request, "indicators/index.html", {"agreements": agreements})


@login_required
def indicator_detail(request, slug):
    indicator = get_object_or_404(Indicator.objects.select_related("agreement", "outcome"), slug=slug)
    context = {
        "indicator": indicator,
        "lead_partnerships": indicator.lead_partnerships.all(),
        "baselines": Baseline.objects.filter(indicator=indicator).select_related("area"),
        "targets": Target.objects.filter(indicator=indicator)
        .select_related("area")
        .order_by("is_indicative", "year", "area__kind", "area__name"),
        "measurements": Measurement.objects.filter(indicator=indicator).select_related("area"),
    }
    return render(request, "indicators/detail.html", context)
