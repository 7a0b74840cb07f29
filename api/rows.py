"""Each resource's record as the API writes it (JSON and CSV alike): plain dicts from loaded rows, no query.

Fields stored as they are shown (text, whole numbers, booleans, dates) are copied by name; decimals become
text and periods a label with dates (``api.conventions``); related rows appear by natural key beside their id.
"""

from api.conventions import decimal_text, period


def _attrs(obj, names: str) -> dict:
    """The id, and the fields named (space-separated) copied as they are."""
    return {"id": obj.pk, **{name: getattr(obj, name) for name in names.split()}}


def _decimals(obj, **fields) -> dict:
    """Decimal fields as text, each under the name the API gives it."""
    return {name: decimal_text(getattr(obj, attr)) for name, attr in fields.items()}


def _key(related, attr: str):
    """A related row's natural key, or None when there is none."""
    return getattr(related, attr) if related is not None else None


def area(a) -> dict:
    row = _attrs(a, "ons_code name slug kind population population_year source")
    return {**row, "parent_ons_code": _key(a.parent, "ons_code")}


def partnership(p) -> dict:
    row = _attrs(p, "slug name short_name kind chair started_on ended_on source")
    areas = sorted(a.ons_code for a in p.areas.all())
    return {**row, "area_ons_codes": areas, "reports_to": _key(p.reports_to, "slug")}


def agreement(a) -> dict:
    return {**_attrs(a, "code name source"), "first_year": period(a.start_year), "last_year": period(a.end_year)}


def outcome(o) -> dict:
    return {**_attrs(o, "code title lead source"), "agreement": o.agreement.code}


def indicator(i) -> dict:
    row = _attrs(i, "code slug title unit polarity frequency is_cumulative decimal_places tolerance_kind data_source")
    return {
        **row,
        "agreement": i.agreement.code,
        "outcome": _key(i.outcome, "code"),
        "amber_tolerance": decimal_text(i.amber_tolerance),
        "reward_status": i.reward_status or None,
        "source": i.source,
    }


def _keys(row, names: str) -> dict:
    """The indicator and area a figure, baseline or target belongs to: ids and natural keys together."""
    return {
        **_attrs(row, names),
        "indicator": row.indicator.code,
        "indicator_id": row.indicator_id,
        "area_ons_code": row.area.ons_code,
        "area": row.area.name,
        "area_id": row.area_id,
    }


def baseline(b) -> dict:
    row = _keys(b, "is_indicative is_rebased source")
    written = {"period_as_written": b.period_text, "value_as_written": b.value_text}
    return {**row, **written, "period": period(b.year, b.quarter), **_decimals(b, value="value")}


def target(t) -> dict:
    row = _keys(t, "rule_text is_data_only is_indicative source")
    values = _decimals(t, stated_value="value", derived_value="derived_value", value="effective_value")
    extra = {"period_as_written": t.period_text, "derivation_disagrees": t.has_derivation_flag}
    return {**row, **values, **extra, "period": period(t.year)}


def figure(m: dict) -> dict:
    """A figure from ``selectors.figures`` (a dict of its values, not a model instance)."""
    return {
        "id": m["id"],
        "indicator": m["indicator__code"],
        "indicator_id": m["indicator_id"],
        "area_ons_code": m["area__ons_code"],
        "area": m["area__name"],
        "area_id": m["area_id"],
        "period": period(m["year"], m["quarter"]),
        "value": decimal_text(m["value"]),
        "numerator": decimal_text(m["numerator"]),
        "denominator": decimal_text(m["denominator"]),
        "commentary": m["commentary"],
        "is_synthetic": m["is_synthetic"],
        "source": m["source"],
    }


def status(s, quarter) -> dict:
    """One ``IndicatorStatus`` (indicators.selectors), as rated there."""
    values = _decimals(
        s,
        figure="figure",
        target_due="target_due",
        annual_target="annual_target",
        same_period_last_year="last_year",
        forecast_outturn="forecast",
    )
    return {
        **values,
        "indicator": s.indicator.code,
        "indicator_id": s.indicator.pk,
        "area_ons_code": s.area.ons_code,
        "area": s.area.name,
        "period": period(quarter.year, quarter.number),
        "status": s.status.value,
        "status_label": s.status.label,
        "explanation": s.rating.explanation,
        "variation": s.variation.value if s.variation else None,
        "variation_label": s.variation.label if s.variation else "Not assessed",
        "assurance": s.assurance.value if s.assurance else None,
        "assurance_label": s.assurance.label if s.assurance else "Not assessed",
        "direction_significant": s.direction_significant,
        "forecast_method": s.forecast_method,
        "direction_of_travel": s.direction.value,
        "is_synthetic": s.is_synthetic,
    }


def grant(g) -> dict:
    stream = {"stream": g.stream.name, "stream_short_name": g.stream.short_name, "stream_kind": g.stream.kind}
    span = {"start": g.starts_on, "end": g.ends_on, "as_written": g.period_text}
    extra = {"recipient": _key(g.recipient, "slug"), "period": span, **_decimals(g, amount="amount")}
    return {**_attrs(g, "title part_of_id source"), **stream, **extra}


def allocation(a) -> dict:
    row = _attrs(a, "grant_id label category heading parent_id amount_note source")
    related = {"grant": a.grant.title, "partnership": _key(a.partnership, "slug"), "priority": _key(a.priority, "name")}
    return {**row, **related, **_decimals(a, amount="amount")}


def spend(s) -> dict:
    row = _attrs(s, "allocation_id item commentary source")
    related = {"grant_id": s.allocation.grant_id, "grant": s.allocation.grant.title, "allocation": s.allocation.label}
    extra = {"amount_as_written": s.amount_text, "period": period(s.year, s.quarter)}
    return {**row, **related, **extra, **_decimals(s, amount="amount")}
