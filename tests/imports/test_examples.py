"""The example files administrators start from import cleanly."""

from pathlib import Path

import pytest
from django.conf import settings

from core.imports.io import result_errors, result_summary, table_import
from funding.resources import AllocationResource
from indicators.resources import BaselineResource, MeasurementResource, TargetResource

pytestmark = pytest.mark.django_db

EXAMPLES = Path(settings.BASE_DIR) / "fixtures" / "examples"


@pytest.mark.parametrize(
    ("file_name", "resource_class", "new"),
    [
        ("measurements.csv", MeasurementResource, 2),
        ("measurements.xlsx", MeasurementResource, 2),
        ("targets.csv", TargetResource, 0),
        ("baselines.csv", BaselineResource, 0),
        ("allocations.csv", AllocationResource, 0),
    ],
)
def test_each_example_file_passes_the_preview(seeded, file_name, resource_class, new):
    path = EXAMPLES / file_name
    result = table_import(resource_class=resource_class, data=path.read_bytes(), file_name=file_name, dry_run=True)
    assert result_errors(result) == []
    assert result_summary(result)["new"] == new
