"""Populations: the seeded denominators (implied by seed 000 Appendix 2, one census) and loading estimates."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from core.periods import FinancialYear
from partnerships.models import Area
from partnerships.populations import Population

pytestmark = pytest.mark.django_db


def test_appendix_2_pairs_are_stored_as_implied_populations_never_as_census(seeded):
    blaby = Population.objects.get(area__name="Blaby", year=FinancialYear(2008))
    assert blaby.kind == Population.Kind.IMPLIED
    assert blaby.value == 93_023  # 320 crimes ÷ 3.44 per 1,000 × 1,000 = 93,023.3
    assert blaby.derivation == "320 ÷ 3.44 × 1,000 = 93,023"
    assert "not a census figure" in blaby.source
    county = Population.objects.get(area__name="Leicestershire", year=FinancialYear(2008))
    assert county.value == 634_630  # 3427 ÷ 5.40 × 1,000
    assert not Population.objects.filter(kind=Population.Kind.CENSUS).exclude(area__name="North West Leicestershire")


def test_north_west_leicestershire_census_is_preferred_to_its_implied_figure(seeded):
    nwl = Area.objects.get(name="North West Leicestershire")
    best = Population.objects.best_for([nwl.pk], 2010)[nwl.pk]
    assert (best.value, best.kind) == (93_468, Population.Kind.CENSUS)
    assert "seed 001" in best.source.lower()
    assert Population.objects.best_for([nwl.pk], 2009)[nwl.pk].value == 90_233  # 582 ÷ 6.45 × 1,000


def test_hinckley_2010_11_is_left_out_because_its_count_is_the_documents_slip(seeded):
    assert not Population.objects.filter(area__name="Hinckley and Bosworth", year=FinancialYear(2010)).exists()


def _import(tmp_path, text, *extra):
    path = tmp_path / "populations.csv"
    path.write_text("area,year,kind,value,period_text,derivation,source\n" + text)
    out = StringIO()
    call_command("import_table", "populations", str(path), *extra, stdout=out)
    return out.getvalue()


def test_an_administrator_loads_a_mid_year_estimate_with_its_source(tmp_path, seeded):
    out = _import(tmp_path, "Melton,2009/10,mid_year_estimate,50100,mid-2009,,ONS mid-2009 estimates (test)\n")
    assert "1 new" in out
    melton = Area.objects.get(name="Melton")
    assert Population.objects.best_for([melton.pk], 2009)[melton.pk].value == 50_100


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("Melton,2009/10,mid_year_estimate,50100,mid-2009,,\n", "source: This field cannot be blank"),
        ("Melton,2009/10,implied,50100,,,Some document\n", "needs its derivation"),
        ("Melton,2009/10,census,0,,,Some document\n", "greater than 0"),
    ],
)
def test_bad_rows_are_refused_with_a_reason_and_nothing_is_written(tmp_path, seeded, row, message):
    before = Population.objects.count()
    with pytest.raises(CommandError, match=message):
        _import(tmp_path, row)
    assert Population.objects.count() == before
