"""Change sets: the statements a store applies atomically, all of them or none.

The writer (tongxin.graph.writer), the history, placeset, migrations and the entity folding build them; the
stores (tongxin.graph.stores) apply them. A statement is Cypher text whose every value is a parameter;
`id_columns` marks which leading positions of its positional `$rows` hold node or source ids, the values a
store may hold to stricter rules than other strings (FalkorDB: tongxin.graph.stores.falkordb_.cypher_literal).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Statement:
    cypher: str
    params: dict[str, Any] = field(default_factory=dict)
    rows: int = 0  # how many input rows it carries (for progress)
    id_columns: int = 0  # how many leading positions of each row in $rows hold node or source ids


@dataclass
class ChangeSet:
    """Statements that a store applies atomically: all of them or none."""

    statements: list[Statement] = field(default_factory=list)

    def __iter__(self) -> Iterator[Statement]:
        return iter(self.statements)

    def __len__(self) -> int:
        return len(self.statements)

    def extend(self, stmts: Iterable[Statement]) -> None:
        self.statements.extend(stmts)

    @property
    def rows(self) -> int:
        return sum(s.rows for s in self.statements)
