"""A database made before the structure work (commit b3df071) migrates forward with no data lost.

The test database is taken back to that commit's leaf migrations, filled there
(the seeded documents plus quarterly returns written through that state's own
models), and migrated forward to today's leaves. Rows are counted per database
table, not per model, so the check still holds when models move between apps
with their tables kept (``SeparateDatabaseAndState``).
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# The leaf migrations of commit b3df071 (`git ls-tree -r b3df071 -- '*/migrations/'`).
OLD_LEAVES = [
    ("indicators", "0003_measurement_indexes"),
    ("partnerships", "0001_initial"),
    ("funding", "0001_initial"),
]


# Rows a data migration moves from one table to another, with the reason: the source may shrink by no more than
# the destination grows.
MOVED = {
    # funding 0004: the Home Office's contributions to the Youth Justice Grants and the DIP pool were stored as
    # allocation lines; they are money in, now contributions.
    "funding_allocation": "funding_contribution",
}


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def _latest_leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _row_counts():
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            if table == "django_migrations":
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _add_returns(old_apps):
    """Quarterly returns as the old code wrote them: a quarter, two areas' returns, figures filed on them."""
    ReportingQuarter = old_apps.get_model("indicators", "ReportingQuarter")
    Return = old_apps.get_model("indicators", "Return")
    Measurement = old_apps.get_model("indicators", "Measurement")
    Indicator = old_apps.get_model("indicators", "Indicator")
    Area = old_apps.get_model("partnerships", "Area")
    quarter, _ = ReportingQuarter.objects.get_or_create(year=2010, quarter=3, defaults={"is_open": True})
    indicator = Indicator.objects.get(code="LI 11 (NI 40)")
    for name, status in (("Blaby", "submitted"), ("Melton", "approved")):
        area = Area.objects.get(name=name)
        record = Return.objects.create(reporting_quarter=quarter, area=area, status=status, version=1)
        Measurement.objects.update_or_create(
            indicator=indicator, area=area, year=2010, quarter=3, defaults={"value": 42, "return_record": record}
        )


@pytest.mark.migrations
@pytest.mark.django_db(transaction=True)  # SQLite cannot change its schema inside the test's transaction
def test_an_old_database_migrates_forward_with_no_rows_lost(seeded):
    latest = _latest_leaves()
    try:
        old_apps = _migrate(OLD_LEAVES)
        _add_returns(old_apps)
        before = _row_counts()
        assert before["indicators_return"] == 2 and before["indicators_reportingquarter"] >= 1
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM indicators_measurement WHERE return_record_id IS NOT NULL")
            assert cursor.fetchone()[0] == 2

        _migrate(latest)

        after = _row_counts()
        assert set(before) <= set(after), "tables dropped"
        lost = {table: (before[table], after[table]) for table in before if after[table] < before[table]}
        for table, destination in MOVED.items():
            if table in lost and after[destination] - before.get(destination, 0) >= before[table] - after[table]:
                del lost[table]
        assert lost == {}
        with connection.cursor() as cursor:  # funding 0004: the pooled money's lines became contributions
            cursor.execute(
                "SELECT COUNT(*) FROM funding_contribution WHERE contributor IN ('Home Office', 'Home Office DIP budget')"
            )
            assert cursor.fetchone()[0] == 3
        assert sum(before.values()) > 1000  # the seeded documents really were there
        connection.check_constraints()  # every foreign key still points at a row
    finally:
        _migrate(latest)
