"""Data the tests add on top of the seed, built in one place so two tests grow the data alike."""

from datetime import date

from funding.models import Allocation, FundingStream, Grant, SpendLine


def more_grants(n: int, *, spend_quarters=(1, 2)) -> None:
    """n more 2012/13 grants, each with a line broken down into three children with spend in ``spend_quarters``."""
    stream = FundingStream.objects.get(short_name="CSF")
    for i in range(n):
        grant = Grant.objects.create(
            title=f"Extra grant {i}", stream=stream, starts_on=date(2012, 4, 1), ends_on=date(2013, 3, 31), amount=1000
        )
        parent = Allocation.objects.create(grant=grant, label="Parent", category="activity", amount=600)
        for j in range(3):
            child = Allocation.objects.create(
                grant=grant, label=f"Child {j}", category="activity", amount=200, parent=parent
            )
            for q in spend_quarters:
                SpendLine.objects.create(allocation=child, year=2012, quarter=q, amount=10)
