"""Graph stores: one module per backend behind the small protocol in base.py."""

from __future__ import annotations

from tongxin.graph.stores.base import GraphStore, QueryResult
from tongxin.settings import Settings


def open_store(settings: Settings) -> GraphStore:
    """Open the store the settings name: embedded FalkorDB (default) or Neo4j."""
    if settings.tongxin_backend == "neo4j":
        from tongxin.graph.stores.neo4j_ import Neo4jStore

        return Neo4jStore.from_settings(settings)
    from tongxin.graph.stores.falkordb_ import FalkorDBStore

    return FalkorDBStore.from_settings(settings)


__all__ = ["GraphStore", "QueryResult", "open_store"]
