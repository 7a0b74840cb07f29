"""The shapes the OpenAPI document publishes; ``api.rows`` fills them.

Decimals are strings (no floating-point drift), dates ISO 8601, periods a label with their start and end dates.
"""

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, create_model

DecimalText = Annotated[str, Field(pattern=r"^-?[0-9]+(\.[0-9]+)?$", examples=["5.4"])]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Period(Strict):
    label: str = Field(examples=["2009/10 Q3"])
    start: date
    end: date
    financial_year: str = Field(examples=["2009/10"])
    quarter: int | None = Field(ge=1, le=4)


class Span(Strict):
    start: date
    end: date
    as_written: str


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[dict] | None = None


class AreaOut(Strict):
    id: int
    ons_code: str | None = Field(examples=["E07000129"], description="None for a group of areas, which has none.")
    name: str
    slug: str
    kind: str
    parent_ons_code: str | None
    population: int | None
    population_year: int | None
    source: str


class PartnershipOut(Strict):
    id: int
    slug: str
    name: str
    short_name: str
    kind: str
    area_ons_codes: list[str]
    reports_to: str | None
    chair: str
    started_on: date | None
    ended_on: date | None
    source: str


class AgreementOut(Strict):
    id: int
    code: str
    name: str
    first_year: Period
    last_year: Period
    source: str


class OutcomeOut(Strict):
    id: int
    agreement: str
    code: str
    title: str
    lead: str
    source: str


class IndicatorOut(Strict):
    id: int
    code: str = Field(examples=["NI 20"])
    slug: str
    title: str
    agreement: str
    outcome: str | None
    unit: str
    polarity: str
    frequency: str
    is_cumulative: bool
    decimal_places: int
    amber_tolerance: DecimalText
    tolerance_kind: str
    data_source: str
    reward_status: str | None
    source: str


class Keyed(Strict):
    id: int
    indicator: str = Field(examples=["NI 20"])
    indicator_id: int
    area_ons_code: str | None
    area: str
    area_id: int


class BaselineOut(Keyed):
    period: Period | None
    period_as_written: str
    value: DecimalText | None
    value_as_written: str
    is_indicative: bool
    is_rebased: bool
    source: str


class TargetOut(Keyed):
    period: Period
    period_as_written: str
    rule_text: str = Field(description="The target exactly as the document writes it.")
    stated_value: DecimalText | None
    derived_value: DecimalText | None = Field(description="Computed from the rule, where the rule gives one.")
    derivation_disagrees: bool = Field(description="The stated and derived values differ.")
    value: DecimalText | None = Field(description="The value statuses compare with: stated, else derived.")
    is_data_only: bool
    is_indicative: bool
    source: str


class FigureOut(Keyed):
    period: Period
    value: DecimalText | None
    numerator: DecimalText | None
    denominator: DecimalText | None
    commentary: str
    is_synthetic: bool
    source: str


class StatusOut(Strict):
    indicator: str
    indicator_id: int
    area_ons_code: str | None
    area: str
    period: Period
    status: str = Field(examples=["amber"])
    status_label: str
    explanation: str
    variation: str | None = Field(
        examples=["special_cause_concerning"],
        description="Statistical process control (NHS Making Data Count): common or special cause; None if not assessed.",
    )
    variation_label: str
    assurance: str | None = Field(
        examples=["hit_and_miss"], description="Where the target sits against the process limits; None if not assessed."
    )
    assurance_label: str
    direction_significant: bool | None = Field(
        description="Whether the change from the same quarter last year is significant (95%); None where no test applies."
    )
    forecast_method: str
    figure: DecimalText | None
    target_due: DecimalText | None
    annual_target: DecimalText | None
    direction_of_travel: str
    same_period_last_year: DecimalText | None
    forecast_outturn: DecimalText | None
    is_synthetic: bool


class GrantOut(Strict):
    id: int
    title: str
    stream: str
    stream_short_name: str
    stream_kind: str
    recipient: str | None
    period: Span
    amount: DecimalText | None
    part_of_id: int | None
    source: str


class AllocationOut(Strict):
    id: int
    grant_id: int
    grant: str
    label: str
    category: str
    partnership: str | None
    heading: str
    parent_id: int | None
    priority: str | None
    amount: DecimalText | None
    amount_note: str
    source: str


class SpendOut(Strict):
    id: int
    grant_id: int
    grant: str
    allocation_id: int
    allocation: str
    period: Period
    item: str
    amount: DecimalText
    amount_as_written: str
    commentary: str
    source: str


def page_of(item: type[BaseModel], by_cursor: bool = False) -> type[BaseModel]:
    """A page of ``item``: its results and the links to the pages either side (also in the Link header).

    A list paged by cursor says its page number only when asked for one by number (``?page=``), else null.
    """
    name = item.__name__.removesuffix("Out") + "Page"
    number = (
        (int | None, Field(description="The page number asked for; null on a page reached by cursor."))
        if by_cursor
        else (int, ...)
    )
    return create_model(
        name,
        __base__=Strict,
        results=(list[item], ...),
        page=number,
        page_size=(int, ...),
        next=(str | None, ...),
        previous=(str | None, ...),
    )
