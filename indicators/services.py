"""Writes for indicators: a delivery judgement, recorded with its author and history."""

from django.core.exceptions import ValidationError
from django.db import transaction

from core.periods import Quarter
from indicators.judgements import DeliveryJudgement
from returns.models import ReportingQuarter, quarter_closed_message


@transaction.atomic
def record_delivery_judgement(*, indicator, area, year, quarter, status, reason, source, user) -> DeliveryJudgement:
    """Add or change the judgement for the indicator, area and quarter.

    The model's ``clean`` (``indicators.delivery.judgement_errors``) is the rule, as for the admin and the
    import: a ``ValidationError`` per field, and nothing saved. Nothing in a closed reporting quarter changes
    (the return's rule, as for figures in the admin and the import).
    """
    if year is not None and quarter is not None and (year, quarter) in ReportingQuarter.objects.closed_periods():
        raise ValidationError({"quarter": quarter_closed_message(Quarter(year, quarter))})
    judgement = (
        DeliveryJudgement.objects.select_for_update()
        .filter(indicator=indicator, area=area, year=year, quarter=quarter)
        .first()
    ) or DeliveryJudgement(indicator=indicator, area=area, year=year, quarter=quarter)
    judgement.status, judgement.reason, judgement.source = status, reason, source
    judgement.entered_by = user
    judgement.full_clean(validate_unique=False, validate_constraints=False)  # the row is matched on its key
    judgement.save()
    return judgement
