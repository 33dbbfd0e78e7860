"""The store protocol: what tongxin needs of a graph database, and nothing more.

Everything the rest of tongxin calls on a store is in `GraphStore` below; nothing is looked up with
hasattr. A store is a property graph that can
- apply a change set atomically (idempotent UNWIND + MERGE statements from tongxin.graph.writer), in two
  halves when the caller wants to overlap them (`prepare` in the caller's thread, `send` in another:
  tongxin.graph.stores.pipeline),
- run a read-only query with parameters and a timeout, and a single writing statement (schema,
  maintenance),
- create the indexes and constraints the ontology calls for,
- count nodes by label and edges by type, and clear itself,
- tell its data version: a number that changes with every write (atomically with it) and that every process
  using the same data sees, or None if it cannot tell one cheaply — reads are then not cached.

Every store fails the same way (tongxin.errors): BackendUnavailable when its server cannot be reached,
QueryTimeout for a read stopped at its time limit, QueryFailed for anything else the engine refused —
a write that fails changed nothing; InvalidData or BadParameter for a value it cannot take.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from tongxin.graph.changes import ChangeSet

if TYPE_CHECKING:
    from tongxin.graph.stores.cache import ResultCache


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[list[Any]]

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, r, strict=True)) for r in self.rows]


@dataclass
class WriteResult:
    statements: int = 0
    nodes_created: int = 0
    relationships_created: int = 0
    properties_set: int = 0
    extra: dict[str, int] = field(default_factory=dict)


@dataclass
class Counts:
    labels: dict[str, int]
    edges: dict[str, int]

    @property
    def nodes(self) -> int:
        return self.labels.get("Entity", 0)

    @property
    def relationships(self) -> int:
        return sum(self.edges.values())


class PreparedWrite(Protocol):
    """A change set checked and made ready to send by one store (`GraphStore.prepare`)."""

    @property
    def statements(self) -> int:
        """How many statements it writes (0: nothing to send)."""
        ...


class GraphStore(Protocol):
    name: str  # "falkordb" | "neo4j": picks a catalogue query's engine variant (NamedQuery.text_for)
    result_cache: ResultCache | None  # named-query results, valid for one data version (stores/cache.py)

    def apply(self, changes: ChangeSet) -> WriteResult:
        """Run every statement of the change set in one transaction: all or nothing. `send(prepare(c))`."""
        ...

    def prepare(self, changes: ChangeSet) -> PreparedWrite:
        """Check a change set and make it ready to send; raises InvalidData, having sent nothing, for a
        value the engine could not take whole. Pure Python: may run while another write is being sent."""
        ...

    def send(self, prepared: Any) -> WriteResult:
        """Write what `prepare` (of this store) returned: all of it or nothing (QueryFailed)."""
        ...

    def write_query(self, cypher: str, params: Mapping[str, Any] | None = None) -> QueryResult:
        """Run one writing statement outside the change-set path (schema, maintenance, bench set-up)."""
        ...

    def query(
        self, cypher: str, params: Mapping[str, Any] | None = None, *, timeout_ms: int | None = None
    ) -> QueryResult:
        """Run a read-only query. Writing queries are refused by the engine."""
        ...

    def ensure_schema(self) -> None:
        """Create the indexes and constraints the ontology needs (idempotent)."""
        ...

    def counts(self) -> Counts: ...

    def data_version(self) -> int | None:
        """The current data version, or None if this store cannot tell (no caching then)."""
        ...

    def clear(self) -> None: ...

    def close(self) -> None: ...


INDEXED_PROPERTIES: dict[str, list[str]] = {
    # label -> properties with an exact-match index. Entity.id is also unique. Only what a query or a
    # write looks up: every index is updated by every write of a node with that label.
    "Entity": ["id"],
    # within a place: a range of padded codes (a place itself is found by its id, place:<code>)
    "Place": ["code_num"],
    # coverage totals sum the townships' village counts (PLACE_ROLLUP) over a code range
    "Township": ["code_num"],
    # claims are few: this index costs writes nothing, and marks a graph that keeps the bounds of dates
    # (graph/migrations.py, date-bounds)
    "Claim": ["as_of_hi"],
}

# Indexes earlier versions created and nothing looks up (search matches names with CONTAINS, which a
# range index does not serve; nothing queries by credit code: an enterprise's id holds it; a place's id
# holds its code). ensure_schema drops them: keeping them up slowed every write, and FalkorDB builds every
# index again each time it loads a graph (docs/benchmarks.md, "Figures behind the code", and the
# thirty-third round).
RETIRED_INDEXES: list[tuple[str, str]] = [("Entity", "name"), ("Organisation", "credit_code"), ("Place", "code")]
