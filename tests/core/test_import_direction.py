"""Dependencies run one way: jobs ← core ← partnerships ← indicators ← returns, and partnerships ← funding; reports
then api on top.

``jobs`` (a background job's record, runner and progress) imports no app: the work it runs is named by
a dotted path, so every app may start a job.

Every production module's imports are read with ``ast`` (nothing is imported), so a new
import against the direction fails here with the module and line that made it.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("jobs", "pagecache", "core", "partnerships", "indicators", "returns", "funding", "reports", "api")
MAY_IMPORT = {
    "jobs": set(),
    # The data version and the page cache: every app writes page data, so it sits beneath them all.
    "pagecache": set(),
    "core": {"jobs", "pagecache"},
    "partnerships": {"jobs", "pagecache", "core"},
    "indicators": {"jobs", "pagecache", "core", "partnerships"},
    "returns": {"jobs", "pagecache", "core", "partnerships", "indicators"},
    "funding": {"jobs", "pagecache", "core", "partnerships"},
    # The Board report joins every area of the product into one document; nothing imports it back but the API.
    "reports": {"jobs", "pagecache", "core", "partnerships", "indicators", "returns", "funding"},
    # The read API is the top layer: it publishes every app's data and imports nothing back.
    "api": {"jobs", "pagecache", "core", "partnerships", "indicators", "returns", "funding", "reports"},
}
# Modules that deliberately look across, and why. Keep this list short: each entry is a join a page asks for.
CROSSINGS = {
    # Seeding loads every app's tables; it is the one place that knows them all.
    "core/seeding.py": set(APPS),
    "core/management/commands/seed.py": set(APPS),
    "core/management/commands/import_table.py": set(APPS),
    # The partnership page's money-against-outcomes panel joins funding and indicators.
    "partnerships/views.py": {"funding", "indicators"},
    "funding/selectors.py": {"indicators"},
    # The data-quality page lists funding's stated-vs-computed totals beside the indicators' checks.
    "indicators/views.py": {"funding"},
    # Spend entry obeys the returns' closed-quarter rule (ReportingQuarter), like every write path.
    "funding/services.py": {"indicators", "returns"},
    "funding/views.py": {"indicators", "returns"},
    "funding/admin.py": {"indicators", "returns"},
    # Figures in admin and in the bulk import obey the same rule, and a figure behind a return changes through it.
    "indicators/admin.py": {"returns"},
    "indicators/resources.py": {"returns"},
    # ... and so do delivery judgements on the co-ordinators' page: nothing in a closed quarter changes.
    "indicators/services.py": {"returns"},
}


def _modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path.relative_to(ROOT).as_posix()


def _imported_apps(path: str):
    tree = ast.parse((ROOT / path).read_text(), filename=path)
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        for name in names:
            top = name.split(".")[0]
            if top in APPS:
                yield top, node.lineno


@pytest.mark.parametrize("path", list(_modules()))
def test_a_module_imports_only_the_apps_beneath_its_own(path):
    app = path.split("/")[0]
    allowed = MAY_IMPORT[app] | {app} | CROSSINGS.get(path, set())
    against = [f"{path}:{line} imports {top}" for top, line in _imported_apps(path) if top not in allowed]
    assert not against


def test_the_direction_check_reads_imports_inside_functions_too(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from funding.models import Grant\n")
    tree = ast.parse(module.read_text())
    found = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert found == ["funding.models"]
