"""`/dumps`: the whole dataset as N-Quads, TriG or JSON-LD, streamed, every graph with its name.

IRIs are stable (the graph has no blank nodes), so dumps of the same data compare line for line.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from privacy_kg.errors import NotFound
from privacy_kg.sparql.formats import DATASET_FORMATS

from ..deps import SingleValues, StoreDep
from ..rest.models import errors, rdf_content
from ..rest.streaming import primed, stream

router = APIRouter(tags=["maintenance"], dependencies=[SingleValues])
NAME = "privacy-kg"


class Dump(BaseModel):
    name: str
    format: str
    media_type: str
    url: str


@router.get("/dumps", summary="List the dumps", response_model=list[Dump], responses=errors())
async def list_dumps() -> list[dict[str, Any]]:
    return [
        {
            "name": f"{NAME}.{f.extension}",
            "format": f.key,
            "media_type": f.media_type,
            "url": f"/dumps/{NAME}.{f.extension}",
        }
        for f in DATASET_FORMATS.formats
    ]


@router.get(
    "/dumps/{file}",
    summary="Download the whole dataset",
    description="`privacy-kg.nq` (N-Quads), `privacy-kg.trig` (TriG) or `privacy-kg.jsonld` (JSON-LD): every named "
    "graph (ontology, entities, one per article) with its name, streamed as the store writes it.",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "The dataset, as an attachment.",
            "content": rdf_content(f.media_type for f in DATASET_FORMATS.formats),
        },
        **errors(404, 503),
    },
)
async def get_dump(
    store: StoreDep,
    file: Annotated[
        str,
        Path(
            description="privacy-kg.nq, privacy-kg.trig or privacy-kg.jsonld",
            examples=["privacy-kg.nq"],
        ),
    ],
) -> StreamingResponse:
    fmt = next((f for f in DATASET_FORMATS.formats if file == f"{NAME}.{f.extension}"), None)
    if fmt is None:
        names = ", ".join(f"{NAME}.{f.extension}" for f in DATASET_FORMATS.formats)
        raise NotFound(f"no dump {file!r}; the dumps are {names}")
    return StreamingResponse(
        await primed(stream(lambda output: store.dump(output, fmt.key))),
        media_type=fmt.content_type,
        headers={"Content-Disposition": f'attachment; filename="{file}"'},
    )
