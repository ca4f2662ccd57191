"""Open-data API, version 1: read-only public data plus an organisation's own applications."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import NinjaAPI, Path, Query, Schema, Status
from ninja.errors import ValidationError
from ninja.security import django_auth
from pydantic import BeforeValidator, Field

from brands.models import PUBLIC_STATUS_GROUPS
from cities.selectors import PUBLIC_GROUPS as CITY_STATUS_GROUPS
from cms.models import NoticePage
from workflows.review.release import as_applicant_sees

from . import selectors
from .schemas import (
    CallDetailOut,
    CallPageOut,
    CertificateStatusOut,
    CityDetailOut,
    CityPageOut,
    ErrorOut,
    NoticeDetailOut,
    NoticePageOut,
    OwnApplicationPageOut,
    ValidationErrorOut,
    WinnerPageOut,
    ZoneDetailOut,
    ZonePageOut,
)

api = NinjaAPI(
    title="质量奖与品牌示范区评审平台 开放数据接口",
    version="1.0.0",
    description="公开、只读的申报通知、公示公告、获奖单位、示范区与示范城市名录和证书查验数据，以及申报单位本单位的申报和示范区进度。",
    urls_namespace="api-v1",
)

MAX_ID = 2**31 - 1  # larger ids cannot exist and would overflow some databases' integers


@api.exception_handler(ValidationError)
def invalid_request(request: HttpRequest, exc: ValidationError):
    """Bad query or path parameters: 422 with a bilingual message and the details per field."""
    return api.create_response(
        request,
        {"detail": gettext("请求参数无效"), "errors": jsonable(exc.errors)},
        status=422,
    )


def jsonable(errors: list) -> list[dict]:
    # pydantic's ctx may hold exception objects; keep only what JSON can carry.
    return [{key: value for key, value in error.items() if key in {"type", "loc", "msg"}} for error in errors]


NoticeKind = Literal[tuple(NoticePage.Kind.values)]  # type: ignore[valid-type]


def iso_date_text(value):
    """Only YYYY-MM-DD: pydantic alone would also read numbers as Unix timestamps."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value
    raise ValueError(gettext("日期格式应为 YYYY-MM-DD。"))


IsoDate = Annotated[dt.date, BeforeValidator(iso_date_text)]


# Text parameters never hold control characters (config/input_cleaning.py refuses them for every URL);
# saying so in the schema lets clients and schema-driven tests know it.
PRINTABLE = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"


class Paging(Schema):
    limit: int = Field(50, ge=1, le=200, description="每页条数")
    offset: int = Field(0, ge=0, le=1_000_000, description="起始位置")


class CallFilters(Paging):
    program: str | None = Field(None, max_length=50, pattern=PRINTABLE, description="项目标识")
    year: int | None = Field(None, ge=1990, le=2100, description="年度")
    open: bool = Field(False, description="仅正在受理")


class WinnerFilters(Paging):
    program: str | None = Field(None, max_length=50, pattern=PRINTABLE, description="项目标识")
    year: int | None = Field(None, ge=1990, le=2100, description="年度")


class NoticeFilters(Paging):
    kind: NoticeKind | None = Field(None, description="公示类型")
    since: IsoDate | None = Field(None, description="发布日期不早于")


ZoneStatus = Literal[tuple(PUBLIC_STATUS_GROUPS)]  # type: ignore[valid-type]


class ZoneFilters(Paging):
    status: ZoneStatus | None = Field(None, description="状态")
    province: str | None = Field(None, pattern=r"^\d{2}$", description="省级区划代码前两位")
    industry: str | None = Field(None, max_length=100, pattern=PRINTABLE, description="主导产业")
    year: int | None = Field(None, ge=1990, le=2100, description="批次年度")


CityStatus = Literal[tuple(CITY_STATUS_GROUPS)]  # type: ignore[valid-type]


class CityFilters(Paging):
    status: CityStatus | None = Field(None, description="状态")
    province: str | None = Field(None, pattern=r"^\d{2}$", description="省级区划代码前两位")
    year: int | None = Field(None, ge=1990, le=2100, description="届次年度")


def not_found() -> dict:
    """The 404 body, worded in the request's language (a lazy string would not pass the schema)."""
    return {"detail": gettext("未找到")}


def page_of(queryset, paging: Paging) -> dict:
    return {"count": queryset.count(), "items": list(queryset[paging.offset : paging.offset + paging.limit])}


def dossier_page_of(queryset, paging: Paging) -> dict:
    """A page of dossiers as their applicants and the public may see them (held results hidden)."""
    page = page_of(queryset, paging)
    page["items"] = [as_applicant_sees(dossier) for dossier in page["items"]]
    return page


@api.get(
    "/calls",
    response={200: CallPageOut, 422: ValidationErrorOut},
    tags=["calls"],
    summary="申报通知",
)
def list_calls(request: HttpRequest, filters: Query[CallFilters]):
    calls = selectors.public_calls(program=filters.program, year=filters.year, open_only=filters.open)
    return page_of(calls, filters)


@api.get("/calls/{call_id}", response={200: CallDetailOut, 404: ErrorOut, 422: ValidationErrorOut}, tags=["calls"])
def get_call(request: HttpRequest, call_id: int = Path(..., ge=1, le=MAX_ID)):
    call = selectors.public_call(call_id)
    return Status(200, call) if call else Status(404, not_found())


@api.get("/notices", response={200: NoticePageOut, 422: ValidationErrorOut}, tags=["notices"], summary="公示公告")
def list_notices(request: HttpRequest, filters: Query[NoticeFilters]):
    return page_of(selectors.public_notices(kind=filters.kind, since=filters.since), filters)


@api.get(
    "/notices/{notice_id}", response={200: NoticeDetailOut, 404: ErrorOut, 422: ValidationErrorOut}, tags=["notices"]
)
def get_notice(request: HttpRequest, notice_id: int = Path(..., ge=1, le=MAX_ID)):
    notice = selectors.public_notice(notice_id)
    return Status(200, notice) if notice else Status(404, not_found())


@api.get(
    "/winners",
    response={200: WinnerPageOut, 422: ValidationErrorOut},
    tags=["winners"],
    summary="获奖单位（有效称号）",
)
def list_winners(request: HttpRequest, filters: Query[WinnerFilters]):
    from workflows.titles.selectors import public_winners

    return page_of(public_winners(program_slug=filters.program or "", year=filters.year), filters)


@api.get(
    "/certificates/{serial_no}",
    response={200: CertificateStatusOut, 422: ValidationErrorOut},
    tags=["winners"],
    summary="证书查验",
)
def verify_certificate(
    request: HttpRequest, serial_no: str = Path(..., min_length=1, max_length=40, pattern=PRINTABLE)
):
    """Unknown serial numbers answer 200 with status "unknown": the verification itself succeeded."""
    from workflows.titles.selectors import certificate_status

    status = certificate_status(serial_no)
    return {**vars(status), "label": str(status.label)}


@api.get(
    "/zones",
    response={200: ZonePageOut, 422: ValidationErrorOut},
    tags=["zones"],
    summary="示范区名录",
)
def list_zones(request: HttpRequest, filters: Query[ZoneFilters]):
    zones = selectors.public_zones(
        status=filters.status or "", province=filters.province or "", industry=filters.industry or "", year=filters.year
    )
    return dossier_page_of(zones, filters)


@api.get("/zones/{zone_id}", response={200: ZoneDetailOut, 404: ErrorOut, 422: ValidationErrorOut}, tags=["zones"])
def get_zone(request: HttpRequest, zone_id: int = Path(..., ge=1, le=MAX_ID)):
    """With its yearly figures and public timeline; a zone not yet approved for creation is a 404."""
    zone = selectors.public_zone(zone_id)
    return Status(200, as_applicant_sees(zone)) if zone else Status(404, not_found())


@api.get(
    "/cities",
    response={200: CityPageOut, 422: ValidationErrorOut},
    tags=["cities"],
    summary="质量强市示范城市名录",
)
def list_cities(request: HttpRequest, filters: Query[CityFilters]):
    cities = selectors.public_cities(status=filters.status or "", province=filters.province or "", year=filters.year)
    return dossier_page_of(cities, filters)


@api.get("/cities/{city_id}", response={200: CityDetailOut, 404: ErrorOut, 422: ValidationErrorOut}, tags=["cities"])
def get_city(request: HttpRequest, city_id: int = Path(..., ge=1, le=MAX_ID)):
    """With its public timeline; a city not yet approved for creation is a 404."""
    city = selectors.public_city(city_id)
    return Status(200, as_applicant_sees(city)) if city else Status(404, not_found())


@api.get(
    "/me/zones",
    response={200: ZonePageOut, 401: ErrorOut, 422: ValidationErrorOut},
    auth=django_auth,
    tags=["my organisation"],
    summary="本单位示范区申报",
)
def my_zones(request: HttpRequest, paging: Query[Paging]):
    return dossier_page_of(selectors.zones_of_member(request.auth), paging)


@api.get(
    "/me/applications",
    response={200: OwnApplicationPageOut, 401: ErrorOut, 422: ValidationErrorOut},
    auth=django_auth,
    tags=["my organisation"],
    summary="本单位申报",
)
def my_applications(request: HttpRequest, paging: Query[Paging]):
    return page_of(selectors.applications_of_member(request.auth), paging)
