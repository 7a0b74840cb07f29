"""Each resource's record as the API writes it (JSON and CSV alike): plain dicts from loaded rows, no query."""

from api.conventions import decimal_text, period


def _span(starts_on, ends_on, text=""):
    return {"start": starts_on, "end": ends_on, "as_written": text}


def area(a) -> dict:
    return {
        "id": a.pk,
        "ons_code": a.ons_code,
        "name": a.name,
        "slug": a.slug,
        "kind": a.kind,
        "parent_ons_code": a.parent.ons_code if a.parent_id else None,
        "population": a.population,
        "population_year": a.population_year,
        "source": a.source,
    }


def partnership(p) -> dict:
    return {
        "id": p.pk,
        "slug": p.slug,
        "name": p.name,
        "short_name": p.short_name,
        "kind": p.kind,
        "area_ons_codes": sorted(a.ons_code for a in p.areas.all()),
        "reports_to": p.reports_to.slug if p.reports_to_id else None,
        "chair": p.chair,
        "started_on": p.started_on,
        "ended_on": p.ended_on,
        "source": p.source,
    }


def agreement(a) -> dict:
    return {
        "id": a.pk,
        "code": a.code,
        "name": a.name,
        "first_year": period(a.start_year),
        "last_year": period(a.end_year),
        "source": a.source,
    }


def outcome(o) -> dict:
    return {
        "id": o.pk,
        "agreement": o.agreement.code,
        "code": o.code,
        "title": o.title,
        "lead": o.lead,
        "source": o.source,
    }


def indicator(i) -> dict:
    return {
        "id": i.pk,
        "code": i.code,
        "slug": i.slug,
        "title": i.title,
        "agreement": i.agreement.code,
        "outcome": i.outcome.code if i.outcome_id else None,
        "unit": i.unit,
        "polarity": i.polarity,
        "frequency": i.frequency,
        "is_cumulative": i.is_cumulative,
        "decimal_places": i.decimal_places,
        "amber_tolerance": decimal_text(i.amber_tolerance),
        "tolerance_kind": i.tolerance_kind,
        "data_source": i.data_source,
        "reward_status": i.reward_status or None,
        "source": i.source,
    }


def _keys(row) -> dict:
    """The indicator and area a figure, baseline or target belongs to: ids and natural keys together."""
    return {
        "id": row.pk,
        "indicator": row.indicator.code,
        "indicator_id": row.indicator_id,
        "area_ons_code": row.area.ons_code,
        "area": row.area.name,
        "area_id": row.area_id,
    }


def baseline(b) -> dict:
    return {
        **_keys(b),
        "period": period(b.year, b.quarter),
        "period_as_written": b.period_text,
        "value": decimal_text(b.value),
        "value_as_written": b.value_text,
        "is_indicative": b.is_indicative,
        "is_rebased": b.is_rebased,
        "source": b.source,
    }


def target(t) -> dict:
    return {
        **_keys(t),
        "period": period(t.year),
        "period_as_written": t.period_text,
        "rule_text": t.rule_text,
        "stated_value": decimal_text(t.value),
        "derived_value": decimal_text(t.derived_value),
        "derivation_disagrees": t.has_derivation_flag,
        "value": decimal_text(t.effective_value),
        "is_data_only": t.is_data_only,
        "is_indicative": t.is_indicative,
        "source": t.source,
    }


def figure(m) -> dict:
    return {
        **_keys(m),
        "period": period(m.year, m.quarter),
        "value": decimal_text(m.value),
        "numerator": decimal_text(m.numerator),
        "denominator": decimal_text(m.denominator),
        "commentary": m.commentary,
        "is_synthetic": m.is_synthetic,
        "source": m.source,
    }


def status(s, quarter) -> dict:
    """One ``IndicatorStatus`` (indicators.selectors), as rated there."""
    return {
        "indicator": s.indicator.code,
        "indicator_id": s.indicator.pk,
        "area_ons_code": s.area.ons_code,
        "area": s.area.name,
        "period": period(quarter.year, quarter.number),
        "status": s.status.value,
        "status_label": s.status.label,
        "explanation": s.rating.explanation,
        "figure": decimal_text(s.figure),
        "target_due": decimal_text(s.target_due),
        "annual_target": decimal_text(s.annual_target),
        "direction_of_travel": s.direction.value,
        "same_period_last_year": decimal_text(s.last_year),
        "forecast_outturn": decimal_text(s.forecast),
        "is_synthetic": s.is_synthetic,
    }


def grant(g) -> dict:
    return {
        "id": g.pk,
        "title": g.title,
        "stream": g.stream.name,
        "stream_short_name": g.stream.short_name,
        "stream_kind": g.stream.kind,
        "recipient": g.recipient.slug if g.recipient_id else None,
        "period": _span(g.starts_on, g.ends_on, g.period_text),
        "amount": decimal_text(g.amount),
        "part_of_id": g.part_of_id,
        "source": g.source,
    }


def allocation(a) -> dict:
    return {
        "id": a.pk,
        "grant_id": a.grant_id,
        "grant": a.grant.title,
        "label": a.label,
        "category": a.category,
        "partnership": a.partnership.slug if a.partnership_id else None,
        "heading": a.heading,
        "parent_id": a.parent_id,
        "priority": a.priority.name if a.priority_id else None,
        "amount": decimal_text(a.amount),
        "amount_note": a.amount_note,
        "source": a.source,
    }


def spend(s) -> dict:
    return {
        "id": s.pk,
        "grant_id": s.allocation.grant_id,
        "grant": s.allocation.grant.title,
        "allocation_id": s.allocation_id,
        "allocation": s.allocation.label,
        "period": period(s.year, s.quarter),
        "item": s.item,
        "amount": decimal_text(s.amount),
        "amount_as_written": s.amount_text,
        "commentary": s.commentary,
        "source": s.source,
    }
