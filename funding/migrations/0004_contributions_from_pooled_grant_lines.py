"""Existing databases: the lines that were other funders' money in a pool become contributions.

Seed 002 section 6 gives the Home Office's contribution to each Youth Justice Grant (13 per cent) and the Home
Office DIP budget within the £3.3million DIP pool; they were stored as allocation lines, so the rest of each
grant showed as "not yet allocated". Each such line becomes a contribution (money in), and the contributors
the document names without an amount are added beside it, so the rest is theirs. A line is moved only if
nothing hangs on it (spend, breakdown, stated total, formula); otherwise it is left for an administrator.
The ABG's £741,000 and the DIP's £3.3million are marked approximate. Reversible: the lines come back.
"""

from django.db import migrations

DIP = "DIP pooled treatment budget 2011/12"
YJG = ("Youth Justice Grant Leicestershire and Rutland 2011/12", "Youth Justice Grant Leicester City 2011/12")
SOURCE_YJG = "002 section 6, Youth Justice Grant"
SOURCE_DIP = "002 section 6, Drug Interventions Programme"
DIP_OTHERS = (
    "Department of Health Pooled Treatment Budget",
    "Department of Health DIP budget",
    "Mainstream contributions from PCT Cluster",
    "NOMS (National Offender Management)",
)
# (grant, line label) -> (contributor, funder name, contributors named without an amount)
MOVES = {
    **{(title, "Home Office contribution"): ("Home Office", "Home Office", ("Youth Justice Board",)) for title in YJG},
    (DIP, "Home Office DIP budget for treatment services"): ("Home Office DIP budget", "Home Office", DIP_OTHERS),
}
FUNDERS = {"Youth Justice Board": "Youth Justice Board"}


def lines_to_contributions(apps, schema_editor):
    Allocation = apps.get_model("funding", "Allocation")
    Contribution = apps.get_model("funding", "Contribution")
    Funder = apps.get_model("funding", "Funder")
    Grant = apps.get_model("funding", "Grant")
    Grant.objects.filter(title="ABG Safer Communities revenue 2010/11").update(amount_approximate=True)
    Grant.objects.filter(title=DIP).update(amount_approximate=True, amount_text="£3.3million", arrangement="pooled")
    for (title, label), (contributor, funder, others) in MOVES.items():
        line = Allocation.objects.filter(grant__title=title, label=label).first()
        if line is None or line.spend_lines.exists() or line.children.exists():
            continue
        if line.stated_totals.exists() or line.formulas.exists():
            continue
        source = SOURCE_DIP if title == DIP else SOURCE_YJG
        Contribution.objects.get_or_create(
            grant_id=line.grant_id,
            contributor=contributor,
            defaults={
                "funder": Funder.objects.filter(name=funder).first(),
                "amount": line.amount,
                "share_text": line.amount_note,
                "order": 1,
                "source": line.source or source,
            },
        )
        for order, other in enumerate(others, start=2):
            Contribution.objects.get_or_create(
                grant_id=line.grant_id,
                contributor=other,
                defaults={
                    "funder": Funder.objects.filter(name=FUNDERS.get(other, "")).first(),
                    "order": order,
                    "source": source,
                },
            )
        line.delete()


def contributions_to_lines(apps, schema_editor):
    Allocation = apps.get_model("funding", "Allocation")
    Contribution = apps.get_model("funding", "Contribution")
    for (title, label), (contributor, _, others) in MOVES.items():
        moved = Contribution.objects.filter(grant__title=title, contributor=contributor).first()
        if moved is None:
            continue
        Allocation.objects.get_or_create(
            grant_id=moved.grant_id,
            label=label,
            defaults={
                "category": "activity",
                "amount": moved.amount,
                "amount_note": moved.share_text,
                "order": 1,
                "source": moved.source,
            },
        )
        Contribution.objects.filter(grant_id=moved.grant_id, contributor__in=(contributor, *others)).delete()


class Migration(migrations.Migration):
    dependencies = [("funding", "0003_pools_contributions_year_parts_and_agreement_resources")]

    operations = [migrations.RunPython(lines_to_contributions, contributions_to_lines)]
