"""The bad-input table (issue 8, "Done when"): about 100 distinct bad inputs through every write path, as the
user who may use that path, each try checked three ways:

- no 5xx;
- refused with a message the user can see (an error summary, a form error, a line-level preview error, a
  command error naming the line); anything else is "wrongly accepted";
- no partial write: the tables the path can write (row count and a hash of every row's values, history
  included) are identical before and after a refused try.

The table per path is printed (``-s``) and written to ``test-results/bad-input-table.txt``. Inputs the rules
accept on purpose (``1 234``, a formula typed as an item) are checked in their own "accepted as intended" list.

Written against URLs, forms and commands; models are found by class name (``_model``), not imported, so the
harness survives modules moving between apps. Run on PostgreSQL too (NUL handling differs there):
``DATABASE_URL=postgres://postgres@127.0.0.1:5432/sc_badinput``.
"""

import hashlib
import io
import re
from collections import defaultdict
from decimal import Decimal
from functools import partial
from pathlib import Path

import openpyxl
import pytest
import yaml
from bs4 import BeautifulSoup
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from tests.test_admin_forms import browser_form_data

pytestmark = pytest.mark.django_db

MB = "x" * 1_048_576
NUL = "\x00"
RESULTS: dict[str, dict[str, int]] = defaultdict(lambda: {"tries": 0, "wrong": 0, "5xx": 0, "partial": 0})
FAILURES: list[str] = []
ACCEPTED: list[tuple[str, str, bool]] = []


def _model(name: str):
    """The model class called ``name``, in whichever app it lives now."""
    found = [model for model in apps.get_models() if model.__name__ == name]
    assert len(found) == 1, f"{len(found)} models are called {name}"
    return found[0]


def _snapshot(*names: str) -> dict:
    """Row count and a hash of every row's values, for each named model and its history."""
    shot = {}
    for name in names:
        for model_name in (name, f"Historical{name}"):
            try:
                model = _model(model_name)
            except AssertionError:
                continue
            rows = list(model._default_manager.order_by("pk").values_list())
            shot[model_name] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return shot


def _record(path: str, case: str, *, status: int | None, refused: bool, before: dict, after: dict) -> None:
    counts = RESULTS[path]
    counts["tries"] += 1
    server_error = status is None or status >= 500
    if server_error:
        counts["5xx"] += 1
        FAILURES.append(f"{path}: {case!r}: server error ({status})")
    elif not refused:
        counts["wrong"] += 1
        FAILURES.append(f"{path}: {case!r}: wrongly accepted (status {status})")
    if (refused or server_error) and before != after:
        counts["partial"] += 1
        changed = sorted(name for name in before if before[name] != after.get(name))
        FAILURES.append(f"{path}: {case!r}: partial write to {', '.join(changed)}")


def _try(path: str, case: str, tables, send, *args, refused=None) -> None:
    """Send one bad input (``send(*args)`` gives the response); record whether ``path`` refused it and wrote nothing."""
    before = _snapshot(*tables)
    response = send(*args)
    answer = (refused or _error_summary)(response)
    _record(path, case, status=response.status_code, refused=answer, before=before, after=_snapshot(*tables))


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:30]}…({len(value):,} chars)"


def _soup(response):
    return BeautifulSoup(response.content, "html.parser")


def _error_summary(response, statuses=(200, 400, 409)) -> bool:
    """A GOV.UK page refusing the input: the error summary lists at least one message.

    Only the summary is parsed: the rest of a page that echoes a 1 MB input back is slow to parse.
    """
    if response.status_code not in statuses:
        return False
    html = response.content.decode()
    start = html.find('<div class="govuk-error-summary"')
    if start < 0:
        return False
    summary = BeautifulSoup(html[start : html.index("</ul>", start) + 5], "html.parser")
    return any(item.get_text(strip=True) for item in summary.select(".govuk-error-summary__list li"))


def _admin_form_refused(response) -> bool:
    """The admin's "Please correct the error below" and at least one field error."""
    if response.status_code != 200:
        return False
    html = response.content.decode()
    return 'class="errornote"' in html and re.search(r'<ul class="errorlist[^"]*"[^>]*>\s*<li>', html) is not None


def _page_fields(client, url) -> dict[str, str]:
    """What the page's main form sends unchanged (text boxes, hidden fields, text areas)."""
    form = _soup(client.get(url)).select_one("main form[method=post]")
    fields = {}
    for element in form.find_all(["input", "textarea"]):
        name, kind = element.get("name"), (element.get("type") or "text").lower()
        if name and name != "csrfmiddlewaretoken" and kind not in {"submit", "button", "checkbox", "radio"}:
            text = element.get_text() if element.name == "textarea" else element.get("value", "")
            fields[name] = text[1:] if text.startswith("\n") else text
    return fields


def _client(user=None) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def _user(username):
    return _model("User").objects.get(username=username)


# --- Return page: figures, commentary, milestones, forged fields --------------------------------------------

# Each bad figure typed into a count (LI 11), a percentage and a rate (NI 20 numerator and denominator).
BAD_COUNTS = [
    "-5",
    "2.5",
    "0.00001",
    "12 5",
    "1 2 3 4",
    "NaN",
    "nan",
    "sNaN",
    "inf",
    "-inf",
    "Infinity",
    "1e400",
    "1e9999",
    "1e-400",
    "99999999999999999999",
    "twelve",
    "1.2.3",
    "1..2",
    "--5",
    "5-",
    "+-5",
    "0x10",
    "½",
    "12" + NUL,
    NUL,
    "1\x072",
    "5\x1b",
    "\u202e12",  # right-to-left override
    "12\u202e",
    "1\u200b2",  # zero-width space
    "1" * 1_048_576,
    MB,
    "12%",
]
BAD_PERCENTAGES = ["112%", "112", "-1", "100.5%", "50%%", "%", "NaN%"]
# (numerator, denominator, value) for a rate indicator.
BAD_RATIOS = [
    ("95000", "93000", ""),  # numerator more than the denominator
    ("80", "0", ""),
    ("80", "", ""),
    ("", "93000", ""),
    ("80", "93000", "3.1"),  # both a figure and a ratio
    ("-80", "93000", ""),
    ("80", "-93000", ""),
    ("NaN", "93000", ""),
    ("80", "inf", ""),
    ("80", "1e400", ""),
    ("8 0", "93000", ""),
    ("80", "93 0 00", ""),
    ("80" + NUL, "93000", ""),
]
BAD_COMMENTARY = ["x" * 4001, MB, "On" + NUL + "track", "On\x07track", "\x1b[31mred"]
BAD_MILESTONE_STATUS = ["", "bogus", "complete" + NUL, NUL, MB, "COMPLETE "]
BAD_MILESTONE_NOTE = ["x" * 4001, MB, "Done" + NUL, "\x08"]
# A delivery judgement on the return: (status, reason); judgement_errors is the rule, the database backs it.
BAD_JUDGEMENTS = [
    ("bogus", "In place"),
    ("AMBER", "At risk"),
    ("amber" + NUL, "At risk"),
    (MB, "At risk"),
    ("amber", ""),
    ("red", "   "),
    ("", "A reason without a status"),
    ("green", "x" * 4001),
    ("amber", "At" + NUL + "risk"),
    ("amber", "\x1b[31mat risk"),
]
BAD_VERSIONS = ["-1", "abc", "", "1e400", "1.5", "999", NUL, "0" + NUL, MB]
BAD_ACTIONS = ["delete", "approve", "", NUL, "save" + NUL, MB]


def _return_paths(quarter_slug, area_slug):
    return (
        reverse("returns:detail", args=[quarter_slug, area_slug]),
        reverse("returns:submit", args=[quarter_slug, area_slug]),
        reverse("returns:decision", args=[quarter_slug, area_slug]),
    )


@pytest.fixture
def return_setup(seeded):
    quarter = _model("ReportingQuarter").objects.get(year="2010/11", quarter=3)
    blaby = _model("Area").objects.get(name="Blaby")
    indicator = _model("Indicator").objects
    ni20, li11 = indicator.get(code="NI 20"), indicator.get(code="LI 11 (NI 40)")
    partnership = _model("Partnership").objects.get(slug="blaby-district-community-safety-partnership")
    priority = _model("PartnershipPriority").objects.create(
        partnership=partnership, number=1, title="Violent crime", start_year="2010/11", end_year="2010/11"
    )
    action = _model("HeadlineAction").objects.create(priority=priority, number=1, title="Night-time patrols")
    milestone = _model("Milestone").objects.create(action=action, year="2010/11", quarter=3, title="Winter campaign")
    manager = _client(_user("manager-blaby"))
    detail, submit, decision = _return_paths(quarter.slug, blaby.slug)
    page = _soup(manager.get(detail))
    on_page = {int(box["name"][1:].split("-")[0]) for box in page.select("input[name$=-value]")}
    percentage = indicator.filter(pk__in=on_page, unit="percentage").order_by("pk").first()
    return {
        "quarter": quarter,
        "blaby": blaby,
        "ni20": ni20,
        "li11": li11,
        "percentage": percentage,
        "milestone": milestone,
        "manager": manager,
        "detail": detail,
        "submit": submit,
        "decision": decision,
        "on_page": on_page,
    }


RETURN_TABLES = ("Measurement", "Return", "Milestone", "DeliveryJudgement")


def _good_return(s, *, version="0", action="save", **changes):
    ni20, li11, milestone = s["ni20"], s["li11"], s["milestone"]
    data = {
        "version": version,
        "action": action,
        f"i{ni20.pk}-numerator": "80",
        f"i{ni20.pk}-denominator": "93,000",
        f"i{ni20.pk}-value": "",
        f"i{ni20.pk}-commentary": "",
        f"i{li11.pk}-value": "95",
        f"i{li11.pk}-commentary": "",
        f"m{milestone.pk}-status": milestone.status,
        f"m{milestone.pk}-note": "",
    }
    data.update(changes)
    return data


def _version(s) -> str:
    record = _model("Return").objects.filter(reporting_quarter=s["quarter"], area=s["blaby"]).first()
    return str(record.version) if record else "0"


def _try_return_post(s, path_label, case, data, url=None, client=None, refused=_error_summary):
    _try(path_label, case, RETURN_TABLES, (client or s["manager"]).post, url or s["detail"], data, refused=refused)


def _return_cases(s):
    """(case, changed fields) for the return page: each a single bad field in an otherwise good save."""
    ni20, li11, milestone, pct = s["ni20"], s["li11"], s["milestone"], s["percentage"]
    cases = [(f"count {_short(v)}", {f"i{li11.pk}-value": v}) for v in BAD_COUNTS]
    if pct is not None:
        cases += [(f"percentage {_short(v)}", {f"i{pct.pk}-value": v}) for v in BAD_PERCENTAGES]
    cases += [
        (
            f"ratio {_short(n)}/{_short(d)} value {_short(v)}",
            {f"i{ni20.pk}-numerator": n, f"i{ni20.pk}-denominator": d, f"i{ni20.pk}-value": v},
        )
        for n, d, v in BAD_RATIOS
    ]
    cases += [(f"commentary {_short(v)}", {f"i{li11.pk}-commentary": v}) for v in BAD_COMMENTARY]
    cases += [(f"milestone status {_short(v)}", {f"m{milestone.pk}-status": v}) for v in BAD_MILESTONE_STATUS]
    cases += [(f"milestone note {_short(v)}", {f"m{milestone.pk}-note": v}) for v in BAD_MILESTONE_NOTE]
    cases += [
        (
            f"delivery judgement {_short(status)} / {_short(reason)}",
            {f"i{li11.pk}-delivery": status, f"i{li11.pk}-delivery_reason": reason},
        )
        for status, reason in BAD_JUDGEMENTS
    ]
    cases += [(f"version {_short(v)}", {"version": v}) for v in BAD_VERSIONS if v != "999"]
    cases += [(f"action {_short(v)}", {"action": v}) for v in BAD_ACTIONS]
    return cases


def test_the_return_page_refuses_every_bad_input(return_setup):
    s = return_setup
    for action in ("save", "review"):
        for case, changes in _return_cases(s):
            data = _good_return(s, **{"version": _version(s), "action": action, **changes})
            _try_return_post(s, f"return: {action}", case, data)
    # A stale version: someone else saved first (a conflict page, nothing written).
    s["manager"].post(s["detail"], _good_return(s))
    _try_return_post(s, "return: save", "version 999 (stale)", _good_return(s, version="999"))
    # Another area's return, posted by Blaby's manager: refused (403), nothing written.
    melton = _model("Area").objects.get(name="Melton")
    melton_detail, melton_submit, _ = _return_paths(s["quarter"].slug, melton.slug)
    forbidden = lambda response: response.status_code == 403  # noqa: E731
    _try_return_post(s, "return: save", "another area's return", _good_return(s), url=melton_detail, refused=forbidden)
    _try_return_post(
        s, "return: confirm", "another area's return", {"version": "0"}, url=melton_submit, refused=forbidden
    )
    _assert_path_clean("return")


def test_the_submit_confirm_refuses_forged_versions(return_setup):
    s = return_setup
    assert s["manager"].post(s["detail"], _good_return(s)).status_code == 302  # a saved draft to confirm
    for version in BAD_VERSIONS:
        if version == "999":
            continue
        _try_return_post(s, "return: confirm", f"version {_short(version)}", {"version": version}, url=s["submit"])
    _try_return_post(s, "return: confirm", "version 999 (stale)", {"version": "999"}, url=s["submit"])
    _try_return_post(s, "return: confirm", "no version", {}, url=s["submit"])
    _assert_path_clean("return: confirm")


BAD_DECISIONS = [
    ("send back without a reason", {"decision": "send_back"}),
    ("send back, reason of spaces", {"decision": "send_back", "reason": "   "}),
    ("send back, 4,001-character reason", {"decision": "send_back", "reason": "x" * 4001}),
    ("send back, 1 MB reason", {"decision": "send_back", "reason": MB}),
    ("send back, NUL in the reason", {"decision": "send_back", "reason": "Check" + NUL}),
    ("send back, escape in the reason", {"decision": "send_back", "reason": "\x1b[2J"}),
    ("decision 'bogus'", {"decision": "bogus"}),
    ("decision empty", {"decision": ""}),
    ("decision NUL", {"decision": NUL}),
    ("decision 1 MB", {"decision": MB}),
]


def test_the_decision_refuses_every_bad_input(return_setup):
    s = return_setup
    manager = s["manager"]
    assert manager.post(s["detail"], _good_return(s, action="review")).status_code == 302
    assert manager.post(s["submit"], {"version": _version(s)}).status_code == 302
    assert _model("Return").objects.get(area=s["blaby"], reporting_quarter=s["quarter"]).status == "submitted"
    board = _client(_user("board"))
    for case, data in BAD_DECISIONS:
        _try_return_post(s, "decision", case, {"version": _version(s), **data}, url=s["decision"], client=board)
    for version in BAD_VERSIONS:
        data = {"version": version, "decision": "approve"}
        _try_return_post(s, "decision", f"approve, version {_short(version)}", data, url=s["decision"], client=board)
    # The manager may not decide their own return.
    _try_return_post(
        s,
        "decision",
        "approve as the manager",
        {"version": _version(s), "decision": "approve"},
        url=s["decision"],
        refused=lambda response: response.status_code == 403,
    )
    _assert_path_clean("decision")


# --- Spend entry ---------------------------------------------------------------------------------------------

BAD_AMOUNTS = [
    "-5",
    "-0.01",
    "12 5",
    "1 2 3 4",
    "£1,2,3",
    "1,2,3",
    "1e9999",
    "1e400",
    "NaN",
    "inf",
    "twelve",
    "12.345",
    "1.2.3",
    "50%",
    "--5",
    "99999999999999",
    "5" + NUL,
    NUL,
    "\u202e5",
    MB,
]
BAD_SPEND_TEXT = [
    ("item", "Street" + NUL),
    ("item", "x" * 201),
    ("item", MB),
    ("item", "\x07"),
    ("commentary", "x" * 4001),
    ("commentary", MB),
    ("commentary", "Late" + NUL),
]
SPEND_TABLES = ("SpendLine",)


@pytest.fixture
def spend_setup(seeded):
    allocation = _model("Allocation").objects.get(
        grant__title="Community Safety Fund Leicestershire 2012/13", label="Blaby"
    )
    return {"allocation": allocation, "manager": _client(_user("manager-blaby"))}


def _spend_url(allocation, slug="2012-13-q2"):
    return reverse("funding:spend", args=[allocation.pk, slug])


def _try_spend(client, url, case, data, path="spend"):
    _try(path, case, SPEND_TABLES, client.post, url, data)


def test_spend_entry_refuses_every_bad_input(spend_setup):
    allocation, client = spend_setup["allocation"], spend_setup["manager"]
    url = _spend_url(allocation)
    # One saved line, so each bad input is tried on a new line and on an existing line's boxes.
    response = client.post(url, {**_page_fields(client, url), "new-item": "Street pastors", "new-amount": "100"})
    assert response.status_code == 302
    line = _model("SpendLine").objects.get(allocation=allocation)
    page = _page_fields(client, url)  # what the browser sends unchanged, each try spoiling one box
    assert page[f"l{line.pk}-amount"] == "100.00"
    new = {**page, "new-item": "Patrols", "new-amount": "5"}
    for amount in BAD_AMOUNTS:
        _try_spend(client, url, f"new amount {_short(amount)}", {**new, "new-amount": amount})
        _try_spend(client, url, f"line amount {_short(amount)}", {**page, f"l{line.pk}-amount": amount})
    for field, text in BAD_SPEND_TEXT:
        _try_spend(client, url, f"new {field} {_short(text)}", {**new, f"new-{field}": text})
    for text in ("Late" + NUL, "x" * 4001):
        _try_spend(client, url, f"line commentary {_short(text)}", {**page, f"l{line.pk}-commentary": text})
    for opened in ("", "abc", "0" * 64, NUL, MB):
        _try_spend(client, url, f"opened {_short(opened)}", {**new, "opened": opened})
    _try_spend(client, url, "no opened", {k: v for k, v in new.items() if k != "opened"})
    # A closed quarter: the page refuses any save.
    _model("ReportingQuarter").objects.create(year="2012/13", quarter=1, is_open=False)
    closed = _spend_url(allocation, "2012-13-q1")
    _try_spend(client, closed, "closed quarter", {"opened": "", "new-item": "Patrols", "new-amount": "5"})
    # Another partnership's allocation, by Blaby's manager.
    other = _model("Allocation").objects.get(
        grant__title__startswith="Community Safety Fund Safer Leicester", label="IOM"
    )
    _try(
        "spend",
        "another partnership's allocation",
        SPEND_TABLES,
        client.post,
        _spend_url(other, "2012-13-q1"),
        {"opened": "", "new-amount": "5"},
        refused=lambda response: response.status_code == 403,
    )
    _assert_path_clean("spend")


# --- Formula what-if and save ---------------------------------------------------------------------------------

BAD_MONEY_FOR_FORMULA = ["-5", "12 5", "1 2 3 4", "1e9999", "NaN", "inf", "twelve", "£1,2,3", "5" + NUL, MB, "426000.5"]
FORMULA_TABLES = ("Allocation", "AllocationFormula", "FormulaComponent", "FormulaWeight", "Grant")


@pytest.fixture
def formula_setup(seeded):
    formula = _model("AllocationFormula").objects.order_by("pk").first()
    components = list(_model("FormulaComponent").objects.filter(formula=formula).order_by("pk"))
    return {"formula": formula, "components": components, "admin": _client(_user("admin"))}


def _formula_refused_after_redirect(client, response, formula) -> bool:
    if response.status_code != 302 or response["Location"] != reverse("funding:formula", args=[formula.pk]):
        return False
    page = _soup(client.get(response["Location"]))
    banners = page.select(".govuk-notification-banner")
    return bool(banners) and not page.select(".govuk-notification-banner--success")


def test_the_formula_what_if_and_save_refuse_every_bad_input(formula_setup):
    formula, components, client = formula_setup["formula"], formula_setup["components"], formula_setup["admin"]
    detail = reverse("funding:formula", args=[formula.pk])
    save = reverse("funding:formula_save", args=[formula.pk])
    good = {"pot": "", "label": "What-if line", "grant": str(formula.grant_id)}
    fields = ["pot", *(f"c{c.pk}" for c in components[:1])]

    def saved_refused(response):
        return _formula_refused_after_redirect(client, response, formula)

    for field in fields:
        for value in BAD_MONEY_FOR_FORMULA:
            if field != "pot" and value == "426000.5":
                continue
            case = f"{field} {_short(value)}"
            _try("formula what-if", case, FORMULA_TABLES, client.get, detail, {"pot": "", field: value})
            _try("formula save", case, FORMULA_TABLES, client.post, save, {**good, field: value}, refused=saved_refused)
    for case, changes in [
        ("no label", {"label": ""}),
        ("label NUL", {"label": "Line" + NUL}),
        ("label 151 characters", {"label": "x" * 151}),
        ("label 1 MB", {"label": MB}),
        ("grant 'abc'", {"grant": "abc"}),
        ("grant 999999", {"grant": "999999"}),
        ("grant NUL", {"grant": NUL}),
    ]:
        _try("formula save", case, FORMULA_TABLES, client.post, save, {**good, **changes}, refused=saved_refused)
    # A board officer may look but not save.
    board = _client(_user("board"))
    _try(
        "formula save",
        "saved by a board officer",
        FORMULA_TABLES,
        board.post,
        save,
        good,
        refused=lambda response: response.status_code == 403,
    )
    _assert_path_clean("formula")


# --- Django admin add and change forms ------------------------------------------------------------------------

BAD_YEARS = ["2009/11", "abc", "1899/00", "2010/11" + NUL]
REQUIRED = [""]  # for a year every row must have (a baseline's year may be blank: the documents give some without)
BAD_QUARTERS = ["5", "0", "abc"]
BAD_DECIMALS = ["NaN", "1e400", "5" + NUL]
NEGATIVE = ["-5", "-0.01"]


def _admin_row(name):
    """A row of the model whose change form saves back unchanged (the first row in an open quarter)."""
    model = _model(name)
    rows = model._default_manager.order_by("pk")
    if name == "SpendLine":
        closed = _model("ReportingQuarter").objects.filter(is_open=False).values_list("year", "quarter")
        for row in rows:
            if (row.year, row.quarter) not in set(closed):
                return model, row
    return model, rows.first()


# model: (the fields to spoil and their bad values, a valid change that makes an added row new)
ADMIN_CASES = {
    "Measurement": (
        {"year": BAD_YEARS + REQUIRED, "quarter": BAD_QUARTERS, "value": BAD_DECIMALS, "commentary": ["On" + NUL]},
        {"year": "2031/32"},
    ),
    "Target": ({"year": BAD_YEARS + REQUIRED, "value": BAD_DECIMALS, "notes": ["Note" + NUL]}, {"year": "2031/32"}),
    "Baseline": ({"year": BAD_YEARS, "value": BAD_DECIMALS, "value_text": ["As" + NUL]}, {"year": "2031/32"}),
    "Allocation": ({"amount": BAD_DECIMALS + NEGATIVE, "label": ["Line" + NUL]}, {"label": "A new line"}),
    "SpendLine": (
        {
            "year": BAD_YEARS + REQUIRED,
            "quarter": BAD_QUARTERS,
            "amount": BAD_DECIMALS + NEGATIVE,
            "item": ["Item" + NUL],
            "commentary": ["Late" + NUL],
        },
        {"year": "2031/32"},
    ),
    "ReportingQuarter": ({"year": BAD_YEARS + REQUIRED, "quarter": BAD_QUARTERS}, {"year": "2031/32"}),
    "Partnership": ({"name": ["CSP" + NUL, ""]}, {"name": "A new partnership", "slug": "a-new-partnership"}),
}


def _one(data: dict, name: str, value) -> dict:
    return {**data, name: [value]}


def test_the_admin_add_and_change_forms_refuse_every_bad_input(seeded):
    client = _client(_user("admin"))
    for name, (bad_fields, make_new) in ADMIN_CASES.items():
        model, row = _admin_row(name)
        info = model._meta.app_label, model._meta.model_name
        change = reverse("admin:{}_{}_change".format(*info), args=[row.pk])
        add = reverse("admin:{}_{}_add".format(*info))
        data = browser_form_data(client.get(change).content.decode(), f"{info[1]}_form")
        new = {**data, **{key: [value] for key, value in make_new.items()}}
        for field, values in bad_fields.items():
            assert field in data, f"{name} admin has no {field} box"
            for value in values:
                for label, url, base in (("change", change, data), ("add", add, new)):
                    # An admin form writes its own model (and its history) only.
                    case = f"{name}.{field} {_short(value)}"
                    posted = _one(base, field, value)
                    _try(f"admin {label}", case, (name,), client.post, url, posted, refused=_admin_form_refused)
    _assert_path_clean("admin")


# --- Bulk import: admin preview and confirm (CSV and XLSX), import_table ---------------------------------------

COUNT = "LI 11 (NI 40)"
HEADER = "indicator,area,year,quarter,value,numerator,denominator,commentary"
IMPORT_TABLES = ("Measurement", "Target", "Baseline", "Allocation")
GRANT = "ABG Safer Communities revenue 2010/11"

# (case, resource, header, bad row), kept in a data file; the good rows in each file are checked to be written by
# nothing either.
_ROWS_FILE = Path(__file__).parent / "data" / "bad_import_rows.yaml"
_FILL = {"HEADER": HEADER, "COUNT": COUNT, "GRANT": GRANT, "LONG": "x" * 4001}
BAD_IMPORT_ROWS = [
    tuple(cell.format_map(_FILL) for cell in row)
    for row in yaml.safe_load(_ROWS_FILE.read_text(encoding="utf-8"))["rows"]
]
GOOD_ROW = {"measurements": "NI 20,Melton,2011/12,1,2.9,,,"}
ADMIN_IMPORT_URLS = {
    "measurements": "measurement",
    "targets": "target",
    "baselines": "baseline",
    "allocations": "allocation",
}


def _csv(header, *rows) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def _xlsx(header, *rows) -> bytes:
    workbook = openpyxl.Workbook()
    for line in [header, *rows]:
        cells = []
        for cell in line.split(","):
            cells.append(int(cell) if cell.isdigit() and len(cell) < 6 else (cell or None))
        workbook.active.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# A spreadsheet row has no "missing cells" (a short row is empty cells) and cannot hold a NUL: CSV only.
CSV_ONLY = {"missing cells", "an extra cell"}


def _files(case, resource, header, row):
    rows = [row, GOOD_ROW[resource]] if resource in GOOD_ROW and header == HEADER else [row]
    yield "csv", "0", _csv(header, *rows)
    if NUL not in row and case not in CSV_ONLY:
        yield "xlsx", "1", _xlsx(header, *rows)


def _import_urls(resource):
    app = "funding" if resource == "allocations" else "indicators"
    model = ADMIN_IMPORT_URLS[resource]
    return reverse(f"admin:{app}_{model}_import"), reverse(f"admin:{app}_{model}_process_import")


def _preview_refused(response, confirm_url) -> bool:
    """Line-level errors (or the file's errors, under "Errors") and no confirm button."""
    if response.status_code != 200:
        return False
    page = _soup(response)
    errors = page.select(".import-row-errors li, .errorlist li, .errornote")
    heading = page.find("h2", string="Errors")
    file_errors = heading.find_next_sibling("ul").select("li") if heading else []
    return bool(errors or file_errors) and page.find("form", action=confirm_url) is None


def _confirm_refused(client, response, import_url) -> bool:
    """Back to the upload page with an error message ("Nothing was imported: …"), or a 400 refusal page."""
    if response.status_code == 400:
        return bool(_soup(response).select(".errornote"))
    if response.status_code != 302 or response["Location"] != import_url:
        return False
    return bool(_soup(client.get(import_url)).select(".messagelist .error"))


@pytest.fixture
def import_setup(seeded, tmp_path):
    _model("ReportingQuarter").objects.create(year="2011/12", quarter=2, is_open=False)
    return tmp_path


def test_the_admin_import_refuses_every_bad_file_at_preview_and_confirm(import_setup):
    client = _client(_user("admin"))
    for case, resource, header, row in BAD_IMPORT_ROWS:
        import_url, confirm_url = _import_urls(resource)
        for kind, file_format, data in _files(case, resource, header, row):
            upload = {"resource": "0", "format": file_format, "import_file": SimpleUploadedFile(f"bad.{kind}", data)}
            _try(
                f"import preview {kind}",
                case,
                IMPORT_TABLES,
                client.post,
                import_url,
                upload,
                refused=partial(_preview_refused, confirm_url=confirm_url),
            )
            # Confirm: a good preview whose kept upload is then replaced by the bad file (a forged or stale
            # confirm); the confirm checks every row again.
            good = _csv(HEADER, GOOD_ROW["measurements"]) if resource == "measurements" else None
            if good is None or file_format != "0":
                continue
            preview = client.post(
                import_url, {"resource": "0", "format": "0", "import_file": SimpleUploadedFile("good.csv", good)}
            )
            form = _soup(preview).find("form", action=confirm_url)
            assert form is not None, case
            fields = {f["name"]: f.get("value", "") for f in form.find_all("input") if f.get("name")}
            _model("Upload").objects.filter(name=fields["import_file_name"]).update(content=data)
            _try(
                "import confirm csv",
                case,
                IMPORT_TABLES,
                client.post,
                confirm_url,
                fields,
                refused=partial(_confirm_refused, client, import_url=import_url),
            )
    _assert_path_clean("import preview")


def test_import_table_refuses_every_bad_file(import_setup):
    for case, resource, header, row in BAD_IMPORT_ROWS:
        for kind, _, data in _files(case, resource, header, row):
            path = Path(import_setup) / f"bad.{kind}"
            path.write_bytes(data)
            for dry_run in (True, False) if kind == "csv" else (False,):  # the admin preview is the dry run too
                before = _snapshot(*IMPORT_TABLES)
                status, refused = 0, False
                try:
                    call_command(
                        "import_table", resource, str(path), *(["--dry-run"] if dry_run else []), stdout=io.StringIO()
                    )
                except CommandError as exc:
                    refused = "Line " in str(exc)
                except Exception as exc:  # a crash is this path's 5xx
                    status = None
                    FAILURES.append(f"import_table: {case}: {type(exc).__name__}: {exc}"[:300])
                _record(
                    f"import_table {kind}{' --dry-run' if dry_run else ''}",
                    case,
                    status=status,
                    refused=refused,
                    before=before,
                    after=_snapshot(*IMPORT_TABLES),
                )
    _assert_path_clean("import_table")


# --- Sign-in ---------------------------------------------------------------------------------------------------

BAD_SIGN_INS = [
    ("NUL in the username", {"username": "manager" + NUL + "-blaby", "password": "x"}),
    ("NUL alone as the username", {"username": NUL, "password": "x"}),
    ("1 MB password", {"username": "manager-blaby", "password": MB}),
    ("1 MB username", {"username": MB, "password": "x"}),
    ("unknown user", {"username": "nobody-at-all", "password": "whatever-123"}),
    ("empty form", {}),
    ("NUL in the password", {"username": "board", "password": "pass" + NUL}),
]


def test_sign_in_refuses_every_bad_input(seeded):
    client = _client()
    url = reverse("login")
    for case, data in BAD_SIGN_INS:
        before = _snapshot("User")
        response = client.post(url, data)
        refused = _error_summary(response, statuses=(200, 400)) or (
            response.status_code in (403, 429) and "try again" in _soup(response).get_text(" ").lower()
        )
        _record("sign-in", case, status=response.status_code, refused=refused, before=before, after=_snapshot("User"))
        assert "_auth_user_id" not in client.session
    _assert_path_clean("sign-in")


def test_a_1_mb_username_is_refused_for_its_length_before_a_sign_in_is_tried(seeded):
    """Found by the table on PostgreSQL: the sign-in form never checked the username's length, so the
    sign-in was tried and django-axes stored the 1 MB name (a 500 there: ``varchar(255)``)."""
    attempts = _model("AccessAttempt").objects.count()
    response = _client().post(reverse("login"), {"username": "u" * 1_048_576, "password": "x"})
    summary = _soup(response).select(".govuk-error-summary__list li")
    assert response.status_code == 200
    assert [item.get_text(strip=True) for item in summary] == ["Enter a username of 150 characters or fewer"]
    assert _model("AccessAttempt").objects.count() == attempts


# --- Accepted as intended ----------------------------------------------------------------------------------------


def test_inputs_the_rules_accept_are_stored_as_typed(return_setup, spend_setup):
    s = return_setup
    response = s["manager"].post(s["detail"], _good_return(s, **{f"i{s['li11'].pk}-value": "1 234"}))
    stored = _model("Measurement").objects.get(indicator=s["li11"], area=s["blaby"], year="2010/11", quarter=3)
    ACCEPTED.append(
        (
            "return: count '1 234' is 1234",
            repr(stored.value),
            response.status_code == 302 and stored.value == Decimal(1234),
        )
    )
    # The shared number rule reads a pound sign anywhere (£1,200) and digits of any script as those digits.
    for typed, expected in [("£12", 12), ("١٢", 12), ("１２", 12)]:
        response = s["manager"].post(
            s["detail"], _good_return(s, version=_version(s), **{f"i{s['li11'].pk}-value": typed})
        )
        stored.refresh_from_db()
        ACCEPTED.append(
            (
                f"return: count {typed!r} is {expected}",
                repr(stored.value),
                response.status_code == 302 and stored.value == expected,
            )
        )
    text = "x" * 4000
    response = s["manager"].post(
        s["detail"], _good_return(s, version=_version(s), **{f"i{s['li11'].pk}-commentary": text})
    )
    stored.refresh_from_db()
    ACCEPTED.append(
        (
            "return: 4,000-character commentary",
            f"{len(stored.commentary):,} chars",
            response.status_code == 302 and stored.commentary == text,
        )
    )
    # A box for an indicator not on Blaby's page is ignored, not stored for Blaby.
    other = _model("Indicator").objects.exclude(pk__in=s["on_page"]).order_by("pk").first()
    response = s["manager"].post(s["detail"], _good_return(s, version=_version(s), **{f"i{other.pk}-value": "5"}))
    stored_other = _model("Measurement").objects.filter(indicator=other, area=s["blaby"], year="2010/11", quarter=3)
    ACCEPTED.append(
        (
            f"return: a forged box for {other.code} is ignored",
            f"{stored_other.count()} stored",
            response.status_code == 302 and not stored_other.exists(),
        )
    )

    allocation, client = spend_setup["allocation"], spend_setup["manager"]
    url = _spend_url(allocation)
    for item, amount, expected in [
        ('=HYPERLINK("http://example.invalid","click")', "£1,234.50", Decimal("1234.50")),
        ("+SUM(A1)", "1 234", Decimal("1234")),
        ("=1+1", "0", Decimal("0")),
    ]:
        fields = {**_page_fields(client, url), "new-item": item, "new-amount": amount, "new-commentary": item}
        response = client.post(url, fields)
        line = _model("SpendLine").objects.filter(allocation=allocation, item=item).first()
        ok = response.status_code == 302 and line is not None and (line.amount, line.commentary) == (expected, item)
        ACCEPTED.append((f"spend: item {item!r}, amount {amount!r}", repr(line and line.amount), ok))
    assert all(ok for _, _, ok in ACCEPTED), ACCEPTED


# --- The table ---------------------------------------------------------------------------------------------------


def _assert_path_clean(prefix: str) -> None:
    failures = [f for f in FAILURES if f.startswith(prefix)]
    assert not failures, "\n".join(failures[:40])


def test_zz_the_bad_input_table():
    """Printed last (``-s``) and written to test-results/bad-input-table.txt."""
    assert RESULTS, "run the whole file: the table is collected from the tests above"
    width = max(len(path) for path in RESULTS)
    lines = [f"{'path':<{width}}  {'tries':>6}  {'wrongly accepted':>16}  {'5xx':>5}  {'partial writes':>14}"]
    totals = {"tries": 0, "wrong": 0, "5xx": 0, "partial": 0}
    for path, counts in RESULTS.items():
        lines.append(
            f"{path:<{width}}  {counts['tries']:>6}  {counts['wrong']:>16}  {counts['5xx']:>5}  {counts['partial']:>14}"
        )
        for key in totals:
            totals[key] += counts[key]
    lines.append(
        f"{'total':<{width}}  {totals['tries']:>6}  {totals['wrong']:>16}  {totals['5xx']:>5}  {totals['partial']:>14}"
    )
    if ACCEPTED:
        lines += ["", "Accepted as intended (stored as typed):"]
        lines += [f"  {'ok ' if ok else 'BAD'} {case}: {stored}" for case, stored, ok in ACCEPTED]
    from django.db import connection

    table = "\n".join([f"Bad-input table ({connection.vendor})", *lines, *FAILURES])
    print("\n" + table)
    out = Path(__file__).resolve().parent.parent / "test-results"
    out.mkdir(exist_ok=True)
    (out / "bad-input-table.txt").write_text(table + "\n")
    assert (totals["wrong"], totals["5xx"], totals["partial"]) == (0, 0, 0), table
