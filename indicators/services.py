"""Writes for indicators: a delivery judgement, recorded with its author and history."""

from django.db import transaction

from indicators.judgements import DeliveryJudgement


@transaction.atomic
def record_delivery_judgement(*, indicator, area, year, quarter, status, reason, source, user) -> DeliveryJudgement:
    """Add or change the judgement for the indicator, area and quarter.

    The model's ``clean`` (``indicators.delivery.judgement_errors``) is the rule, as for the admin and the
    import: a ``ValidationError`` per field, and nothing saved.
    """
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
