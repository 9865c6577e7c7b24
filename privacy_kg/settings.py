"""Settings, read once from the environment (`PRIVACY_KG_*`) or passed explicitly.

Defaults are the limits users of Fuseki, Virtuoso and GraphDB would expect; every one can be
changed. Build a `Settings` and hand it to the store, the CLI and `api.create_app`; nothing reads
the environment at import time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PRIVACY_KG_", extra="ignore")

    home: Path = Field(PROJECT_ROOT, description="folder holding ontology/, shapes/, data/ and queries/")
    articles_dir: Path | None = Field(None, description="source article texts; default ../shared/articles")
    store_path: Path | None = Field(None, description="embedded store folder; default <home>/var/store")
    backend: Literal["embedded", "remote"] = "embedded"
    remote_query_url: str | None = None
    remote_update_url: str | None = None
    remote_store_url: str | None = Field(None, description="Graph Store Protocol endpoint, if offered")
    remote_timeout_s: float = 30.0
    write_token: SecretStr | None = Field(None, description="bearer token for writes; none = read-only")
    query_timeout_s: float = Field(10.0, gt=0)
    max_rows: int = Field(10_000, gt=0)
    max_body_bytes: int = Field(10 * 1024 * 1024, gt=0)
    max_query_chars: int = Field(64 * 1024, gt=0)
    max_concurrent_queries: int = Field(8, gt=0, description="queries evaluated at once; more get 503")
    allow_service: bool = Field(False, description="let SPARQL SERVICE reach the network (off: SSRF)")
    allow_load: bool = Field(False, description="let SPARQL LOAD fetch URLs (off: SSRF)")
    cors_origins: list[str] = ["*"]
    seed: bool = Field(True, description="build the seed graph into an empty embedded store at start-up")

    @property
    def ontology_dir(self) -> Path:
        return self.home / "ontology"

    @property
    def shapes_dir(self) -> Path:
        return self.home / "shapes"

    @property
    def data_dir(self) -> Path:
        return self.home / "data"

    @property
    def queries_dir(self) -> Path:
        return self.home / "queries"

    @property
    def articles(self) -> Path:
        return self.articles_dir or (self.home.parent / "shared" / "articles")

    @property
    def store(self) -> Path:
        return self.store_path or (self.home / "var" / "store")
