"""A delivery judgement recorded outside the return moves the return's version on.

The co-ordinators' page (``indicators.delivery_views``) and the admin write judgements without going through
the return, and ``indicators`` may not import ``returns``. Without this, a manager who had the return open would
send the judgement they still saw and silently replace the co-ordinator's; with it, their save meets the
return's usual "someone else saved this return" conflict and they see what changed.
"""

from django.db.models.signals import post_save

from returns.models import Return

# Set by the return's own service while it saves its judgements: it moves the version itself.
SAVING_WITH_THE_RETURN = "_saved_with_return"


def judgement_saved(sender, instance, raw=False, **kwargs):
    if raw or getattr(instance, SAVING_WITH_THE_RETURN, False) or instance.quarter is None:
        return
    record = (
        Return.objects.select_for_update()
        .filter(
            area_id=instance.area_id, reporting_quarter__year=instance.year, reporting_quarter__quarter=instance.quarter
        )
        .first()
    )
    if record is None:
        return
    record.version += 1
    record._history_user = instance.entered_by
    record._change_reason = f"{instance.indicator.code}: delivery judgement recorded outside the return"
    record.save(update_fields=["version"])


def connect():
    post_save.connect(judgement_saved, sender="indicators.DeliveryJudgement", dispatch_uid="returns.judgement_saved")
