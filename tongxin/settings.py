"""One settings object, read from the environment (and a .env file). The same names are used in the
README and docker-compose.yml."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("tongxin")) / "falkordb"


class Limits(BaseSettings):
    """The input and request limits (part of Settings; the loaders read them alone, as `Limits()`)."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    tongxin_max_ledger_rows: int = Field(
        1_000_000, ge=1, description="rows a ledger (CSV or XLSX) may have; more are refused while reading"
    )
    tongxin_max_ledger_bytes: int = Field(
        256 * 2**20, ge=1, description="bytes a CSV ledger (or an XLSX file) may have"
    )
    tongxin_max_xlsx_cells: int = Field(
        20_000_000, ge=1, description="cells an XLSX sheet may declare or hold"
    )
    tongxin_max_xlsx_unzipped_bytes: int = Field(
        2 * 2**30, ge=1, description="bytes an XLSX file may unpack to (a zip bomb is refused before it is read)"
    )
    tongxin_max_record_bytes: int = Field(
        16 * 2**20, ge=1, description="bytes a case record (YAML/JSON) may have"
    )


class Settings(Limits):
    """tongxin's configuration. Every field maps to an environment variable of the same name."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    tongxin_backend: Literal["falkordb", "neo4j"] = Field(
        "falkordb", description="graph backend: embedded FalkorDB (default) or Neo4j"
    )
    tongxin_data_dir: Path = Field(
        default_factory=default_data_dir, description="the embedded FalkorDB store's directory"
    )
    tongxin_graph: str = Field("tongxin", description="graph name inside the store")
    tongxin_query_timeout_ms: int = Field(10_000, ge=1, description="read query timeout (ms)")
    tongxin_write_timeout_s: float = Field(
        600.0, gt=0, description="time limit of one write (a file's change set); a write marked in progress "
        "for longer belongs to a writer that died"
    )
    tongxin_query_cache: int = Field(
        2048, ge=0, description="named-query results cached per process (entries; 0 = off); FalkorDB only"
    )
    tongxin_min_confidence: float = Field(
        0.75, ge=0.0, le=1.0,
        description="the least resolver confidence at which a loader writes a place (CLI: --min-confidence)",
    )
    tongxin_cache_dir: Path | None = Field(
        None, description="where the place-name indexes (resolver, extractor) are cached (default: the user cache directory)"
    )
    tongxin_server_linger_s: float = Field(
        0.0, ge=0, le=3600, description="seconds the embedded server stays up after its last client left"
    )
    neo4j_uri: str | None = Field(None, description="Neo4j bolt URI, e.g. neo4j://localhost:7687")
    neo4j_user: str = Field("neo4j", description="Neo4j user")
    neo4j_password: SecretStr | None = Field(None, description="Neo4j password")
    neo4j_database: str = Field("neo4j", description="Neo4j database name")
    tongxin_api_token: SecretStr | None = Field(
        None, description="bearer token for write endpoints (required to enable writes over HTTP)"
    )
    tongxin_read_token: SecretStr | None = Field(
        None, description="if set, read endpoints require this bearer token too"
    )
    tongxin_write_tokens_file: Path | None = Field(
        None, description="a file of named write tokens, `NAME SHA256` a line (tongxin token NAME adds one); the "
        "name of the token that wrote goes into the history"
    )

    tongxin_max_upload_bytes: int = Field(
        50 * 2**20, ge=1, description="bytes a POST /load body may have (413 above; checked before it is read)"
    )
    tongxin_allowed_hosts: str = Field(
        "localhost,127.0.0.1,::1,testserver",
        description="comma-separated host names the API answers to (Host header; `*`: any)",
    )
    tongxin_view_timeout_s: float = Field(30.0, gt=0, description="time limit of a view or export request (504)")
    tongxin_view_max_nodes: int = Field(5_000, ge=1, description="nodes a view may draw (413 above)")
    tongxin_view_workers: int = Field(2, ge=1, le=64, description="threads that render views, at most")

    @property
    def allowed_hosts(self) -> list[str]:
        return [h.strip().lower().strip("[]") for h in self.tongxin_allowed_hosts.split(",") if h.strip()]

    @model_validator(mode="after")
    def _check(self) -> Settings:
        if self.tongxin_backend == "neo4j" and not self.neo4j_uri:
            raise ValueError("TONGXIN_BACKEND=neo4j needs NEO4J_URI")
        for name in ("tongxin_api_token", "tongxin_read_token"):
            token = getattr(self, name)
            if token is not None and len(token.get_secret_value()) < 16:
                raise ValueError(f"{name.upper()} must be at least 16 characters")
        return self
