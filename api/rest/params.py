"""Query parameters shared by the REST lists and items, as pydantic models FastAPI documents.

Models forbid extra fields, so a misspelt filter (`authorty=ppc`) is a 400 naming it instead of a
silently unfiltered list. Filter names and types match the `#+ params` of `queries/rest/*.rq`
(a test checks it); values are checked again when they are bound as terms.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from privacy_kg.model import check_partial_date

from .pagination import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET

PAGING = ("limit", "offset", "format")
ResourceFormat = Literal["json", "jsonld", "turtle", "ntriples"]
FORMAT_DOC = (
    "json (default), jsonld, turtle or ntriples; instead of Accept (application/json, "
    "application/ld+json, text/turtle, application/n-triples). JSON-LD, Turtle and N-Triples carry the "
    "items' triples, provenance included"
)

PartialDate = Annotated[str, AfterValidator(check_partial_date)]
DATE_DOC = (
    "YYYY, YYYY-MM or YYYY-MM-DD. Dates are periods: a month-precision date overlaps any day range "
    "inside its month, and a bound given as a month or a year covers all of it"
)


def date_from(example: str) -> Any:
    return Field(
        None,
        description=f"items whose date overlaps the period starting here; {DATE_DOC}",
        examples=[example],
    )


def date_to(example: str) -> Any:
    return Field(
        None,
        description=f"items whose date overlaps the period ending here; {DATE_DOC}",
        examples=[example],
    )


def actor(description: str, example: str) -> Any:
    return Field(
        None, description=f"{description} (actor id, e.g. {example}, or IRI)", examples=[example]
    )


def country(description: str, example: str) -> Any:
    return Field(
        None,
        description=f"{description} (ISO 3166-1 alpha-2 code, or 001 for the world)",
        examples=[example],
        pattern=r"^([A-Za-z]{2}|001)$",
    )


def notation(description: str, example: str) -> Any:
    return Field(
        None,
        description=f"{description}; an unknown value is a 400 listing the known ones",
        examples=[example],
        pattern=r"^[a-z][a-z0-9_-]*$",
    )


class ListParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    limit: int = Field(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"items per page (1 to {MAX_LIMIT})"
    )
    offset: int = Field(
        0, ge=0, le=MAX_OFFSET, description="items to skip: the first item of the page"
    )
    format: ResourceFormat | None = Field(None, description=FORMAT_DOC)

    def filters(self) -> dict[str, str]:
        """The filters the request gave, as text for `NamedQuery.bindings`."""
        return {
            k: str(v) for k, v in self.model_dump(exclude=set(PAGING), exclude_none=True).items()
        }


class ItemParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: ResourceFormat | None = Field(None, description=FORMAT_DOC)
