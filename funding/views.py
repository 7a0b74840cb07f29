"""Funding pages: grants by year, money by partnership, a grant's allocations, spend, and the formula's what-if."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.exports import export_response
from core.periods import FinancialYear, PeriodError, Quarter, quarter_from_slug, quarter_slug
from funding import charts, services
from funding import formula as engine
from funding.forms import SaveWhatIfForm, SpendForm, WhatIfForm
from funding.models import AgreementResource, Allocation, AllocationFormula, Grant
from funding.money import allocations_by_partnership, grants_with_totals, money_by_year
from funding.selectors import (
    allocation_page,
    flagged_total_checks,
    formula_page,
    grant_page,
    spend_changes,
    spend_fingerprint,
    spend_lines_for,
)
from funding.tables import (
    AgreementResourceTable,
    AllocationTable,
    ContributionTable,
    FormulaTable,
    GrantTable,
    PartnershipMoneyTable,
    SpendByQuarterTable,
    SpendLineTable,
    YearStreamTable,
    grant_amount_words,
)
from partnerships import roles
from returns.models import ReportingQuarter, quarter_closed_message


def _chosen_year(request) -> FinancialYear | None:
    try:
        return FinancialYear.parse(request.GET["year"])
    except (KeyError, PeriodError, ValueError):
        return None


def _quarter_from_slug(slug: str) -> Quarter:
    """``2012-13-q1`` → 2012/13 Q1, else 404."""
    try:
        return quarter_from_slug(slug)
    except PeriodError:
        raise Http404("No such quarter") from None


@login_required
def funding_index(request):
    money = money_by_year(list(grants_with_totals()))
    tables = {
        "grants": GrantTable(money.grants, caption="Grants by financial year"),
        "totals": YearStreamTable(money.totals, caption="Totals by financial year and stream", prefix="totals-"),
        "resources": AgreementResourceTable(
            AgreementResource.objects.all(), caption="Agreement resources and reward", prefix="resources-"
        ),
    }
    if response := export_response(request, tables, "funding"):
        return response
    context = {"tables": tables, "flags": flagged_total_checks(), "formulas": AllocationFormula.objects.all()}
    return render(request, "funding/index.html", context)


@login_required
def partnership_money(request):
    year = _chosen_year(request)
    every_row = allocations_by_partnership()
    rows = [r for r in every_row if year is None or year in r.years]
    table = PartnershipMoneyTable(rows, caption="Money by partnership, year and stream")
    if response := export_response(
        request, {"allocations": table}, f"allocations-{year.start_year if year else 'all'}"
    ):
        return response
    context = {
        "table": table,
        "year": year,
        "years": sorted({y for r in every_row for y in r.years}, key=lambda y: y.start_year),
        "charts": [
            (label, f"partnership-chart-{slug}", charts.figure_data(figure))
            for label, slug, figure in charts.money_by_partnership_figures(rows)
        ],
    }
    return render(request, "funding/partnerships.html", context)


def _spend_chart(shown, title, rows, allocated):
    """A grant's or allocation's spend-by-quarter chart, or None when there is nothing spent to draw."""
    if not shown:
        return None
    return charts.figure_data(charts.spend_figure(title=title, rows=rows, allocated=allocated))


@login_required
def grant_detail(request, pk):
    grant = get_object_or_404(Grant.objects.select_related("stream", "stream__funder", "recipient", "part_of"), pk=pk)
    page = grant_page(grant)
    running, quarters = Decimal(0), []
    for quarter, spent in page.spend_by_quarter:
        running += spent or 0
        quarters.append({"quarter": quarter, "spent": spent, "to_date": running})
    tables = {
        "allocations": AllocationTable(
            page.rows, caption=f"Allocations of {grant.title}", exclude=() if page.spans_years else ("by_year",)
        ),
        "spend": SpendByQuarterTable(quarters, caption="Spend by quarter", prefix="spend-"),
    }
    if page.contributions:
        tables["contributions"] = ContributionTable(
            page.contributions, caption=f"Contributions to {grant.title}", prefix="contributions-"
        )
    if response := export_response(request, tables, f"grant-{grant.pk}"):
        return response
    rows = [(q["quarter"].label, q["spent"], q["to_date"]) for q in quarters]
    context = {
        "grant": grant,
        "page": page,
        "tables": tables,
        "chart": _spend_chart(page.spent, f"{grant.title}: spend by quarter", rows, page.allocated),
        "amount_words": grant_amount_words(grant),
    }
    return render(request, "funding/grant.html", context)


@login_required
def allocation_detail(request, pk):
    allocation = get_object_or_404(
        Allocation.objects.select_related("grant", "grant__recipient", "partnership", "priority", "parent"), pk=pk
    )
    page = allocation_page(allocation)
    rows = page.spend_by_quarter()
    tables = {
        "spend": SpendByQuarterTable(
            [{"quarter": q, "spent": s, "to_date": t} for q, s, t in rows], caption="Spend by quarter"
        ),
        "lines": SpendLineTable(page.line_rows(), caption="Spend lines", prefix="lines-"),
    }
    if response := export_response(request, tables, f"allocation-{allocation.pk}"):
        return response
    may_record = services.may_record_spend(request.user, allocation)
    chart_rows = [(q.label, s, t) for q, s, t in rows]
    context = {
        "allocation": allocation,
        "page": page,
        "tables": tables,
        "chart": _spend_chart(page.lines, f"{allocation.label}: spend by quarter", chart_rows, allocation.amount),
        "may_record": may_record,
        "record_links": [(q, quarter_slug(q)) for q in page.quarters] if may_record else [],
        "changes": spend_changes(allocation),
    }
    return render(request, "funding/allocation.html", context)


@login_required
def spend_entry(request, pk, period):
    allocation = get_object_or_404(Allocation.objects.select_related("grant", "grant__recipient", "partnership"), pk=pk)
    services.require_spend_recorder(request.user, allocation)
    quarter = _quarter_from_slug(period)
    if not allocation.grant.covers(quarter):
        raise Http404("That quarter is outside the grant's period")
    lines = spend_lines_for(allocation, quarter)
    closed = ReportingQuarter.objects.is_closed(quarter.year, quarter.number)
    form, conflict, problem, status = None, None, None, 200
    if request.method == "POST":
        try:
            form = _record_spend(request, allocation, quarter, lines)
            if form is None:
                messages.success(request, f"Spend for {quarter.label} saved")
                return redirect("funding:allocation", allocation.pk)
        except services.SpendConflict as exc:
            conflict, problem, status = exc, str(exc), 409
            lines = spend_lines_for(allocation, quarter)
            form = _form_after_conflict(request, lines, exc)
        except services.SpendError as exc:
            problem, status = str(exc), 409
    if closed:
        form = None  # read-only: what was spent, and why it can no longer change
    elif form is None:
        form = SpendForm(lines=lines, opened=spend_fingerprint(lines))
    context = {
        "allocation": allocation,
        "quarter": quarter,
        "form": form,
        "lines": lines,
        "closed_message": quarter_closed_message(quarter) if closed else None,
        "conflict": conflict,
        "problem": problem,
    }
    return render(request, "funding/spend_entry.html", context, status=status)


def _record_spend(request, allocation, quarter, lines) -> SpendForm | None:
    """Saves the posted spend (None), or gives back the form with its errors; raises a SpendError."""
    services.require_spend_open(quarter)
    # Before reading the posted lines: they are the lines the caller's page showed, not today's.
    services.require_spend_unchanged(allocation=allocation, quarter=quarter, opened=request.POST.get("opened"))
    form = SpendForm(request.POST, lines=lines, opened=spend_fingerprint(lines))
    if not form.is_valid():
        return form
    services.spend_record(
        allocation=allocation,
        quarter=quarter,
        user=request.user,
        opened=form.cleaned_data["opened"],
        entries=form.entries,
    )
    return None


def _form_after_conflict(request, lines, conflict) -> SpendForm:
    """Today's lines, with what the caller typed kept for the lines they saw, to save again."""
    form = SpendForm(lines=lines, opened=conflict.fingerprint)
    form.initial = {name: value for name, value in request.POST.items() if name in form.fields and name != "opened"}
    return form


def _what_if(formula, page, form):
    """The what-if's inputs and result (``FormulaResult``), or an error message for the page."""
    stored = [c.amount for c in page.components]
    given_pot, given = None, [None] * len(stored)
    if form.is_bound and form.is_valid():
        given_pot, given = form.pot, [form.amounts[c.pk] for c in page.components]
    try:
        pot, amounts, note = engine.what_if_inputs(formula.pot, stored, given_pot, given)
        components = [
            engine.Component(c.name, amount, {p.name: page.weights.get((c.pk, p.pk), 0) for p in page.recipients})
            for c, amount in zip(page.components, amounts, strict=True)
        ]
        return pot, amounts, note, engine.allocate(pot, components, [p.name for p in page.recipients]), None
    except engine.FormulaError as exc:
        return None, stored, "", None, str(exc)


@login_required
def formula_detail(request, pk):
    formula = get_object_or_404(AllocationFormula.objects.select_related("grant", "parent_allocation"), pk=pk)
    page = formula_page(formula)
    form = WhatIfForm(request.GET if "pot" in request.GET else None, components=page.components, pot=formula.pot)
    pot, amounts, note, result, problem = _what_if(formula, page, form)
    table = None
    if result is not None:
        rows = page.result_rows(result, pot, amounts)
        table = FormulaTable(rows, components=page.components, caption=f"{formula.name}: share of each component")
        if response := export_response(request, {"formula": table}, f"formula-{formula.pk}"):
            return response
    is_admin = roles.is_administrator(request.user)
    context = {
        "formula": formula,
        "page": page,
        "form": form,
        "table": table,
        "note": note,
        "problem": problem,
        "pot": pot,
        "amounts": list(zip(page.components, amounts, strict=True)),
        "save_form": SaveWhatIfForm(initial={"grant": formula.grant_id}) if is_admin and result else None,
    }
    return render(request, "funding/formula.html", context, status=400 if problem else 200)


@login_required
@require_POST
def formula_save(request, pk):
    if not roles.is_administrator(request.user):
        raise PermissionDenied("Only an administrator can save a formula's result as an allocation.")
    formula = get_object_or_404(AllocationFormula.objects.select_related("grant"), pk=pk)
    page = formula_page(formula)
    what_if = WhatIfForm(request.POST, components=page.components, pot=formula.pot)
    save = SaveWhatIfForm(request.POST)
    pot, amounts, _, result, problem = _what_if(formula, page, what_if)
    # The first thing wrong, in the order of the page: the pot and components, then the name and grant.
    errors = [e for form in (what_if, save) if not form.is_valid() for field in form.errors.values() for e in field]
    if problem or errors:
        messages.error(request, problem or errors[0])
        return redirect(reverse("funding:formula", args=[formula.pk]))
    try:
        parent = services.formula_save_as_allocation(
            formula=formula,
            grant=save.cleaned_data["grant"],
            label=save.cleaned_data["label"],
            pot=pot,
            component_amounts={c.pk: a for c, a in zip(page.components, amounts, strict=True)},
            user=request.user,
        )
    except (services.FormulaSaveError, engine.FormulaError) as exc:
        messages.error(request, str(exc))
        return redirect(reverse("funding:formula", args=[formula.pk]))
    messages.success(request, f"Saved “{parent.label}” in {parent.grant}")
    return redirect("funding:grant", parent.grant_id)
