"""One router per resource; `ROUTERS` is the list the app includes, in order."""

from fastapi import APIRouter

ROUTERS: list[APIRouter] = []
