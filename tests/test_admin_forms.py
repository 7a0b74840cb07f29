"""Every admin form opens, and saves back exactly as a browser submits it.

For every model registered in ``admin.site`` the administrator opens the add
form and the change form of a row, then posts the change form back unchanged
(the fields a browser would send, parsed from the rendered HTML) and the row
and its inline rows stay as they were. Models with a financial year are also
saved with a changed figure and year, and added.
"""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.contrib.auth import get_user_model
from django.forms.models import _get_foreign_key
from django.urls import reverse
from django.utils import timezone

from core.fields import FinancialYearField
from indicators.models import Agreement
from partnerships.models import Area, HeadlineAction, Milestone
from reports.formats import FORMATS
from reports.models import PublishedFile, PublishedReport
from returns.models import ReportingQuarter, Return

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label_lower)

# Sign-in records are written by django-axes only; its admin shows them and offers no add form.
NO_ADD_BY_DESIGN = {"axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}
# Background jobs and their task records are written by the worker only, published Board reports by publishing
# only (they never change): their admin pages are read only.
READ_ONLY_BY_DESIGN = {"jobs.job", "django_tasks_database.dbtaskresult", "reports.publishedreport"}


def _access_fields(**extra):
    return {
        "user_agent": "test",
        "ip_address": "192.0.2.1",
        "username": "nobody",
        "path_info": "/accounts/login/",
    } | extra


def _make_milestone():
    return Milestone.objects.create(
        action=HeadlineAction.objects.order_by("pk").first(), year="2010/11", quarter=3, title="Test milestone"
    )


def _make_return():
    return Return.objects.create(reporting_quarter=ReportingQuarter.objects.get(), area=Area.objects.get(name="Blaby"))


def _make_published_report():
    published = PublishedReport.objects.create(
        area=Area.objects.get(name="Blaby"),
        agreement=Agreement.objects.get(code="LAA2 2008-11"),
        year="2010/11",
        quarter=3,
        version=1,
        published_at=timezone.now(),
        snapshot={},
        build_seconds=1.0,
    )
    for key in FORMATS:
        PublishedFile.objects.create(published=published, format=key, content=b"x", sha256="0" * 64, size=1)
    return published


# Rows the seed does not hold, made the way the product makes them.
MAKERS = {
    "axes.accessattempt": lambda model: model.objects.create(
        **_access_fields(get_data="", post_data="", failures_since_start=1)
    ),
    "axes.accesslog": lambda model: model.objects.create(**_access_fields()),
    "axes.accessfailurelog": lambda model: model.objects.create(**_access_fields()),
    "jobs.job": lambda model: model.objects.create(
        label="Import figures.csv into measurements",
        handler="core.imports.jobs.run_import",
        started_by=get_user_model().objects.get(username="admin"),
    ),
    "django_tasks_database.dbtaskresult": lambda model: model.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="jobs.tasks.run_job",
        backend_name="default",
        run_after=timezone.now(),
        exception_class_path="",
        traceback="",
    ),
    "reports.publishedreport": lambda model: _make_published_report(),
    "partnerships.milestone": lambda model: _make_milestone(),
    "returns.return": lambda model: _make_return(),
}


def browser_form_data(html: str, form_id: str) -> dict[str, list[str]]:
    """What a browser sends when the form is submitted unchanged (no JavaScript run).

    Every named, enabled input, select and textarea, including inline formsets'
    management forms; checkboxes and radios only when checked; no buttons or files.
    """
    form = BeautifulSoup(html, "html.parser").find("form", id=form_id)
    assert form is not None, f"no form #{form_id}"
    data: dict[str, list[str]] = {}
    for element in form.find_all(["input", "select", "textarea"]):
        name = element.get("name")
        if not name or element.has_attr("disabled"):
            continue
        if element.name == "input":
            kind = (element.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                continue
            if kind in {"checkbox", "radio"} and not element.has_attr("checked"):
                continue
            default = "on" if kind in {"checkbox", "radio"} else ""
            data.setdefault(name, []).append(element.get("value", default))
        elif element.name == "select":
            options = element.find_all("option")
            chosen = [option for option in options if option.has_attr("selected")]
            if not chosen and not element.has_attr("multiple") and options:
                chosen = options[:1]
            for option in chosen:
                data.setdefault(name, []).append(option.get("value", option.get_text()))
        else:
            text = element.get_text()
            data.setdefault(name, []).append(text[1:] if text.startswith("\n") else text)
    return data


def _comparable(value):
    # The admin's date and time boxes show whole seconds, so a browser sends whole seconds back.
    if isinstance(value, datetime.datetime):
        return value.replace(microsecond=0)
    return value


def snapshot(obj) -> dict:
    """The row's stored values (not its auto-now timestamps) and its many-to-many links."""
    obj = type(obj)._default_manager.get(pk=obj.pk)
    values = {
        field.attname: _comparable(getattr(obj, field.attname))
        for field in obj._meta.concrete_fields
        if not getattr(field, "auto_now", False)
    }
    for field in obj._meta.many_to_many:
        values[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
    return values


def inline_rows(model_admin, obj) -> dict:
    rows = {}
    for inline in model_admin.inlines:
        fk = _get_foreign_key(type(obj), inline.model, inline.fk_name)
        rows[inline.model._meta.label] = {
            row.pk: snapshot(row) for row in inline.model._default_manager.filter(**{fk.name: obj})
        }
    return rows


def _open_row(model):
    key = model._meta.label_lower
    if key in MAKERS:
        return model._default_manager.get(pk=MAKERS[key](model).pk)
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"the seed has no {key}: add a maker to MAKERS"
    return obj


def _urls(model, obj=None):
    info = model._meta.app_label, model._meta.model_name
    if obj is None:
        return reverse("admin:{}_{}_add".format(*info))
    return reverse("admin:{}_{}_change".format(*info), args=[quote(obj.pk)])


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label_lower)
def test_every_admin_form_opens_and_saves_back_unchanged(client, administrator, model):
    client.force_login(administrator)
    key = model._meta.label_lower
    model_admin = admin.site._registry[model]

    add = client.get(_urls(model))
    if key in NO_ADD_BY_DESIGN | READ_ONLY_BY_DESIGN:
        assert add.status_code == 403
    else:
        assert add.status_code == 200

    obj = _open_row(model)
    url = _urls(model, obj)
    page = client.get(url)
    assert page.status_code == 200
    before, before_inlines = snapshot(obj), inline_rows(model_admin, obj)
    if key in READ_ONLY_BY_DESIGN:
        assert 'name="_save"' not in page.content.decode()  # shown, never saved from the admin
        assert client.post(url, {}).status_code == 403
        assert snapshot(obj) == before
        return

    data = browser_form_data(page.content.decode(), f"{model._meta.model_name}_form")
    response = client.post(url, data)

    assert response.status_code == 302, _form_errors(response)
    assert snapshot(obj) == before
    assert inline_rows(model_admin, obj) == before_inlines


def _form_errors(response) -> str:
    if response.status_code != 200:
        return f"status {response.status_code}"
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return " | ".join(error.get_text(" ", strip=True) for error in soup.select(".errornote, .errorlist"))


def test_every_model_with_a_financial_year_is_covered_below():
    with_year = {
        model._meta.label_lower
        for model in REGISTERED
        if any(isinstance(field, FinancialYearField) for field in model._meta.concrete_fields)
        and model._meta.label_lower not in READ_ONLY_BY_DESIGN  # never saved from the admin
    }
    assert with_year == set(YEAR_CHANGES)


# A changed figure and year for each model with a year, to save on an existing row and to add as a new row.
YEAR_CHANGES = {
    "indicators.agreement": {"start_year": "2031/32", "end_year": "2033/34", "name": "Changed agreement"},
    "indicators.baseline": {"year": "2031/32", "value": "41.5"},
    "indicators.target": {"year": "2031/32", "value": "12.5"},
    "indicators.measurement": {"year": "2031/32", "value": "42"},
    "indicators.deliveryjudgement": {"year": "2031/32", "reason": "Changed reason"},
    "indicators.reportedsummary": {"year": "2031/32", "green": "9"},
    "indicators.indicatorcommentary": {"year": "2031/32", "text": "Changed commentary"},
    "returns.reportingquarter": {"year": "2031/32"},
    "partnerships.priorityholding": {"start_year": "2031/32", "end_year": "2032/33"},
    "partnerships.partnershippriority": {"start_year": "2031/32", "end_year": "2032/33"},
    "partnerships.milestone": {"year": "2031/32", "title": "Changed milestone"},
    "partnerships.actionplan": {"start_year": "2031/32", "end_year": "2032/33", "title": "Changed plan"},
    "partnerships.population": {"year": "2031/32", "value": "1000"},
    "funding.statedtotal": {"year": "2031/32", "amount": "1234.00", "label": "Changed total"},
    "funding.spendline": {"year": "2031/32", "amount": "99.00"},
    "funding.agreementresource": {"start_year": "2031/32", "end_year": "2033/34", "title": "Changed resource"},
}
# Add forms need a value for fields that must be unique on their own.
ADD_EXTRA = {"indicators.agreement": {"code": "TEST"}, "partnerships.actionplan": {"title": "Added plan"}}


def _year_models():
    return [model for model in REGISTERED if model._meta.label_lower in YEAR_CHANGES]


def _stored(obj, name):
    value = getattr(type(obj)._default_manager.get(pk=obj.pk), name)
    return getattr(value, "label", value)


def _expected(obj, name, text):
    field = obj._meta.get_field(name)
    value = field.to_python(text)
    return getattr(value, "label", value)


@pytest.mark.parametrize("model", _year_models(), ids=lambda model: model._meta.label_lower)
def test_admin_change_form_shows_the_year_and_saves_a_changed_figure_and_year(client, administrator, model):
    client.force_login(administrator)
    changes = YEAR_CHANGES[model._meta.label_lower]
    obj = _open_row(model)
    url = _urls(model, obj)
    html = client.get(url).content.decode()
    data = browser_form_data(html, f"{model._meta.model_name}_form")
    for name in changes:
        field = obj._meta.get_field(name)
        if isinstance(field, FinancialYearField):
            stored = getattr(obj, name)
            if stored is not None:
                assert data[name] == [stored.label], f"{name} shows {data[name]!r}, not {stored.label}"

    data.update({name: [value] for name, value in changes.items()})
    response = client.post(url, data)

    assert response.status_code == 302, _form_errors(response)
    for name, text in changes.items():
        assert _stored(obj, name) == _expected(obj, name, text)


@pytest.mark.parametrize("model", _year_models(), ids=lambda model: model._meta.label_lower)
def test_admin_add_form_adds_a_row_with_a_financial_year(client, rf, administrator, model):
    """The add form, filled in with an existing row's values and a new year, adds that row."""
    client.force_login(administrator)
    key = model._meta.label_lower
    model_admin = admin.site._registry[model]
    obj = _open_row(model)
    request = rf.get("/")
    request.user = administrator
    main_fields = set(model_admin.get_form(request, obj).base_fields)
    copied = browser_form_data(client.get(_urls(model, obj)).content.decode(), f"{model._meta.model_name}_form")
    data = browser_form_data(client.get(_urls(model)).content.decode(), f"{model._meta.model_name}_form")
    data.update({name: values for name, values in copied.items() if name in main_fields})
    values = YEAR_CHANGES[key] | ADD_EXTRA.get(key, {})
    data.update({name: [value] for name, value in values.items()})
    count = model._default_manager.count()

    response = client.post(_urls(model), data)

    assert response.status_code == 302, _form_errors(response)
    assert model._default_manager.count() == count + 1
    added = model._default_manager.latest("pk")
    for name, text in values.items():
        assert _stored(added, name) == _expected(added, name, text)


def _save_quarter_with_is_open(client, quarter, is_open: bool):
    """Post the quarter's change form as the browser would, with "is open" ticked or not; returns when it began."""
    url = _urls(ReportingQuarter, quarter)
    data = browser_form_data(client.get(url).content.decode(), "reportingquarter_form")
    data.pop("is_open", None)  # an unticked box is not sent
    if is_open:
        data["is_open"] = ["on"]
    started = timezone.now()
    response = client.post(url, data)
    assert response.status_code == 302, _form_errors(response)
    quarter.refresh_from_db()
    return started


def test_closing_a_quarter_from_its_change_form_records_when(client, administrator):
    client.force_login(administrator)
    quarter = ReportingQuarter.objects.get(is_open=True)

    started = _save_quarter_with_is_open(client, quarter, False)

    assert quarter.is_open is False
    assert quarter.closed_at is not None and quarter.closed_at >= started
    assert quarter.history.latest().history_user == administrator


def test_opening_a_quarter_from_its_change_form_records_when(client, administrator):
    client.force_login(administrator)
    quarter = ReportingQuarter.objects.create(year="2011/12", quarter=1, is_open=False)

    started = _save_quarter_with_is_open(client, quarter, True)

    assert quarter.is_open is True
    assert quarter.opened_at is not None and quarter.opened_at >= started
