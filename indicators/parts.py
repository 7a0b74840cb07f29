"""Parts of a two-part target (imported by ``indicators.models``).

A target cell can hold two targets: seed 004's LAA 2006-09 Safer table gives
4.1 "a) To increase the percentage of problematic drug users in treatment to 49%
b) The Number of problematic drug users retained in treatment" and 5.2 "a) Reduce
by 1.5% re-offending ... B) Reduce recidivism for young people subject to
reprimands by 2% ...". The ``Target`` keeps the whole cell as written (and the
value the RAG engine compares with); its parts say what each part asks.
"""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.fields import optional_decimal, source_field
from core.naturalkeys import KeyedRecord


class TargetPart(KeyedRecord):
    target = models.ForeignKey("indicators.Target", on_delete=models.CASCADE, related_name="parts")
    label = models.CharField(max_length=5, help_text="As the document letters it: 'a', 'b'.")
    rule_text = models.TextField(help_text="This part exactly as the document writes it.")
    value = optional_decimal("stated value", help_text="The level this part states, if any (4.1 a: 49).")
    notes = models.TextField(blank=True)
    source = source_field(required=True)

    NATURAL_KEY = ("target__indicator__code", "target__area__name", "target__year", "target__is_indicative", "label")
    NATURAL_KEY_DEPENDENCIES = ("indicators.target",)
    history = HistoricalRecords()

    class Meta:
        ordering = ["target", "label"]
        constraints = [
            models.UniqueConstraint(fields=["target", "label"], name="target_part_unique"),
            models.CheckConstraint(condition=~Q(label=""), name="target_part_has_label"),
            models.CheckConstraint(condition=~Q(rule_text=""), name="target_part_has_words"),
        ]

    def __str__(self):
        return f"{self.target} part {self.label}"
