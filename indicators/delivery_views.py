"""The page a co-ordinator records an indicator's delivery judgement on (board officers and administrators)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render

from indicators.delivery_forms import DeliveryJudgementForm
from indicators.models import Indicator
from indicators.services import record_delivery_judgement
from partnerships.models import Area
from partnerships.roles import is_administrator, is_board_officer


def may_record_judgements(user) -> bool:
    """Co-ordinators are board officers; administrators may correct a judgement."""
    return is_board_officer(user) or is_administrator(user)


@login_required
def record_delivery(request, slug):
    if not may_record_judgements(request.user):
        raise PermissionDenied("Only board officers, who co-ordinate the indicators, can record a delivery judgement.")
    indicator = get_object_or_404(Indicator, slug=slug)
    # The areas the indicator has targets for, and the county the Board reports on.
    areas = Area.objects.filter(Q(targets__indicator=indicator) | Q(slug="leicestershire")).distinct()
    form = DeliveryJudgementForm(request.POST or None, areas=areas.order_by("name"))
    if request.method == "POST" and form.is_valid():
        try:
            judgement = record_delivery_judgement(indicator=indicator, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"Delivery judgement recorded: {judgement.get_status_display()}.")
            return redirect(f"{indicator.get_absolute_url()}#delivery")
    return render(request, "indicators/delivery_form.html", {"indicator": indicator, "form": form})
