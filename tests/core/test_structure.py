"""The size bar: no view function over 40 lines, no production module over 600 lines.

Read with ``ast`` and as text (nothing is imported), so a long view fails here with its name and length.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("pagecache", "core", "partnerships", "indicators", "returns", "funding", "safercommunities")
MAX_VIEW_LINES = 40
MAX_MODULE_LINES = 600


def _production_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _function_lengths(source: str):
    """(name, lines) of every function, from its ``def`` line to its last line (decorators not counted)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node.name, node.end_lineno - node.lineno + 1


def test_no_view_function_is_over_40_lines():
    views = [path for path in _production_modules() if path.name == "views.py"]
    assert len(views) >= 4  # the check reads the apps' views, not nothing
    too_long = [
        f"{path.relative_to(ROOT)}:{name} has {length} lines"
        for path in views
        for name, length in _function_lengths(path.read_text())
        if length > MAX_VIEW_LINES
    ]
    assert not too_long


def test_no_production_module_is_over_600_lines():
    too_long = [
        f"{path.relative_to(ROOT)} has {lines} lines"
        for path in _production_modules()
        if (lines := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    ]
    assert not too_long


def test_the_length_check_counts_a_function_from_def_to_its_last_line():
    source = "@decorator\ndef view(request):\n    a = 1\n\n    return a\n"
    assert list(_function_lengths(source)) == [("view", 4)]
