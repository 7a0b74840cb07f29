"""Quarterly returns: CSP managers enter their areas' figures; board officers approve or return them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from core.exports import export_response
from indicators.judgements import DeliveryRag
from indicators.tables import ReturnsTable
from pagecache import cache as pagecache
from partnerships import roles
from partnerships.models import DeliveryStatus
from returns import services
from returns.access import get_return_for_user, refusal
from returns.forms import DecisionForm, ReturnForm
from returns.models import ReportingQuarter
from returns.selectors import return_areas, return_changes, return_page, returns_for_index


def _enter(service, page, form, user):
    """Save (draft or submission) what ``form`` holds for the page's return through ``service``."""
    return service(
        reporting_quarter=page.reporting_quarter,
        area=page.area,
        user=user,
        version=form.cleaned_data["version"],
        entries=form.entries,
        milestone_updates=form.milestone_updates,
        judgements=form.judgements,
        seen=form.cleaned_data["seen"],
    )


@login_required
def returns_index(request):
    user = request.user
    if roles.is_board_officer(user) or roles.is_administrator(user):
        areas = return_areas()
    else:
        areas = roles.managed_areas(user)
    quarters = ReportingQuarter.objects.open()
    returns = returns_for_index(areas, quarters)
    table = ReturnsTable(returns, caption="Open quarters")
    if returns and (response := export_response(request, {"returns": table}, "open-quarters")):
        return response
    context = {
        "managed": roles.managed_partnerships(user).prefetch_related("areas"),
        "returns": returns,
        "is_board_officer": roles.is_board_officer(user),
    }
    return render(request, "returns/index.html", context)


@login_required
def return_detail(request, period, area_slug):
    page, rights = get_return_for_user(request, period, area_slug)
    form, conflict, problem, status = None, None, None, 200
    if request.method == "POST":
        if not rights.manage:
            raise PermissionDenied("Only the area's CSP manager can enter its figures.")
        if not rights.edit:
            problem, status = refusal(page), 409
        elif (form := ReturnForm(request.POST, page=page)).is_valid():
            # Every button here saves a draft; "Check and submit" then shows what will be sent, and only
            # that page's button submits (return_submit_check), so no keypress sends a return to the Board.
            try:
                _enter(services.return_save_draft, page, form, request.user)
            except services.ReturnConflict as exc:
                conflict, problem, status = exc, str(exc), 409
            except services.ReturnError as exc:
                problem, status = str(exc), 409
            else:
                if form.cleaned_data["action"] == "review":
                    return redirect("returns:submit", period, area_slug)
                messages.success(request, "Draft saved")
                return redirect("returns:detail", period, area_slug)
    return _render(request, page, rights, form=form, conflict=conflict, problem=problem, status=status)


@login_required
def return_submit_check(request, period, area_slug):
    """The saved draft as it will be sent, and the one button that submits it (with the version shown)."""
    page, rights = get_return_for_user(request, period, area_slug)
    if not rights.manage:
        raise PermissionDenied("Only the area's CSP manager can enter its figures.")
    if not rights.edit:
        if request.method == "POST":
            return _render(request, page, rights, problem=refusal(page), status=409)
        return redirect("returns:detail", period, area_slug)
    if page.record is None:  # nothing saved yet, so nothing to check: "Check and submit" saves first
        return redirect("returns:detail", period, area_slug)
    version = request.POST.get("version", "") if request.method == "POST" else page.version
    seen = request.POST.get("seen") if request.method == "POST" else page.seen
    form = ReturnForm.from_stored(page, version=version, seen=seen)
    if not form.is_valid():  # e.g. an off-target figure saved without commentary: correct it on the return
        return _render(request, page, rights, form=form)
    conflict, problem, status = None, None, 200
    if request.method == "POST":
        try:
            _enter(services.return_submit, page, form, request.user)
        except services.ReturnConflict as exc:
            conflict, problem, status = exc, str(exc), 409
            page = return_page(page.reporting_quarter, page.area)
            form = ReturnForm.from_stored(page, version=page.version, seen=page.seen)
            form.is_valid()
        except services.ReturnError as exc:
            problem, status = str(exc), 409
        else:
            messages.success(request, "Return submitted to the Board")
            return redirect("returns:detail", period, area_slug)
    return _render_check(request, page, form, conflict=conflict, problem=problem, status=status)


def _render_check(request, page, form, *, conflict, problem, status):
    context = {
        "page": page,
        "rows": _check_rows(page, form),
        "milestones": [
            {"milestone": u.milestone, "status": DeliveryStatus(u.status).label, "note": u.note.strip()}
            for u in form.milestone_updates
        ],
        "version": page.version,
        "seen": page.seen,
        "conflict": conflict,
        "problem": problem,
    }
    return render(request, "returns/submit.html", context, status=status)


@login_required
@require_POST
def return_decision(request, period, area_slug):
    page, rights = get_return_for_user(request, period, area_slug)
    roles.require_board_officer(request.user)
    reporting_quarter, area = page.reporting_quarter, page.area
    decision = DecisionForm(request.POST)
    problem, status = None, 200
    if page.record is None:
        problem, status = "This return has not been started, so there is nothing to approve.", 409
    elif decision.is_valid():
        data = decision.cleaned_data
        try:
            if data["decision"] == "approve":
                services.return_approve(record=page.record, user=request.user, version=data["version"])
                messages.success(request, f"{area} {reporting_quarter.period.label} return approved")
            else:
                services.return_send_back(
                    record=page.record, user=request.user, version=data["version"], reason=data["reason"]
                )
                messages.success(request, f"{area} {reporting_quarter.period.label} return sent back to the manager")
        except services.ReturnError as exc:
            problem, status = str(exc), 409
        else:
            return redirect("returns:detail", period, area_slug)
    return _render(request, page, rights, decision=decision, problem=problem, status=status)


def _render(request, page, rights, *, form=None, decision=None, conflict=None, problem=None, status=200):
    context = _context(request, page, rights, form=form, decision=decision, conflict=conflict, problem=problem)
    return render(request, "returns/detail.html", context, status=status)


def _context(request, page, rights, *, form=None, decision=None, conflict=None, problem=None):
    if rights.decide and decision is None:
        decision = DecisionForm(initial={"version": page.version, "decision": "approve"})
    version = conflict.current_version if conflict else (form["version"].value() if form else page.version)
    seen = conflict.seen if conflict else (form.data.get("seen", page.seen) if form else page.seen)
    where = (page.reporting_quarter.pk, page.area.pk)
    return {
        "page": page,
        "entries": _entries(request, page, rights, form, where),
        "form": form,
        "editable": rights.edit,
        "decision": decision if rights.decide else None,
        "conflict": conflict,
        "problem": problem,
        "version": version,
        "seen": seen,
        "changes": pagecache.cached(request, "return changes", where, lambda: return_changes(page)),
    }


def _entries(request, page, rights, form, where):
    """The indicators and milestones, with their boxes when editable. Until something is typed (``form`` bound)
    the boxes hold the stored figures, so the section is the same for everyone who may edit, or everyone who may
    not, until the data changes: kept per data version, as a national return's ~300 fields cost most of the page.
    """

    def build(form=form):
        if form is None and rights.edit:
            form = ReturnForm(page=page)  # nothing typed yet: the stored figures
        context = {
            "page": page,
            "rows": _rows(page, form),
            "milestone_rows": _milestone_rows(page, form),
            "editable": rights.edit,
        }
        return render_to_string("returns/_entries.html", context)

    if form is not None and form.is_bound:  # what was typed, with its errors
        return build()
    return pagecache.cached(request, "return entries", (*where, rights.edit), build)


def _rows(page, form):
    """Each indicator with its bound fields (when editable) and its stored figure's rating."""
    rows = []
    for row in page.rows:
        prefix = f"i{row.indicator.pk}"
        stored = row.measurement.value if row.measurement else None
        fields = {}
        if form is not None:
            fields = {
                name: form[f"{prefix}-{name}"]
                for name in ("value", "commentary", "confirm", "delivery", "delivery_reason")
            }
            if row.takes_ratio:
                fields.update({name: form[f"{prefix}-{name}"] for name in ("numerator", "denominator")})
        bound = form is not None and form.is_bound
        computed = form.computed.get(row.indicator.pk, stored) if bound else stored
        # The stored figure is still the one shown (not replaced by a typed one) and it is synthetic.
        synthetic = bool(row.measurement and row.measurement.is_synthetic) and not (
            bound and row.indicator.pk in form.computed
        )
        hint = "Leave empty if not reported"
        if synthetic:
            hint += ". The synthetic figure shown above is not yours and is not sent unless you enter a figure"
        rows.append(
            {
                "row": row,
                "fields": fields,
                "rating": row.rating(computed),
                "computed": computed,
                "synthetic": synthetic,
                "hint": hint,
            }
        )
    return rows


def _milestone_rows(page, form):
    if form is None:
        return [{"milestone": m, "fields": {}} for m in page.milestones]
    return [
        {"milestone": m, "fields": {"status": form[f"m{m.pk}-status"], "note": form[f"m{m.pk}-note"]}}
        for m in page.milestones
    ]


def _check_rows(page, form):
    """Each indicator with the figure, rating and commentary a submission would send (from the checked form)."""
    entries = {entry.indicator.pk: entry for entry in form.entries}
    judgements = {judgement.indicator.pk: judgement for judgement in form.judgements}
    rows = []
    for row in page.rows:
        entry = entries.get(row.indicator.pk)
        value = entry.value if entry else None
        judgement = judgements.get(row.indicator.pk)
        rows.append(
            {
                "row": row,
                "value": value,
                "rating": row.rating(value),
                "commentary": entry and entry.commentary,
                "delivery": judgement and DeliveryRag(judgement.status).label,
                "delivery_reason": judgement and judgement.reason.strip(),
            }
        )
    return rows
