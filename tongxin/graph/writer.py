"""Turn validated nodes and edges into Cypher write statements that run on FalkorDB and Neo4j alike.

Writes are idempotent (UNWIND + MERGE on the node id, and on (start, type, key, end) for edges) and
batched. Labels and edge types come from the ontology, never from input; every value is a parameter.

Provenance on edges is kept as two aligned lists, `sources` and `evidence`: writing an edge for source S
replaces S's entry and keeps the others, so one pairing stated by two reports is one edge with two
sources, and re-loading a report changes nothing.

Properties are per source too (`per_source_sets`): what each source states of an edge's properties other
than its key (a pairing's `since`, `until`, `investment` …) is kept as two aligned lists per property,
`<name>_sources` and `<name>_values` — lists, because FalkorDB has no map properties — and writing an
edge for S replaces S's values of the properties it gives, keeping the others' (a property S no longer
gives loses S's value by the retraction that precedes every reload: tongxin.loaders.common.plan_write).
A new edge gets its values at once (ON CREATE); only an edge that has other values than this source's
alone takes the longer way that merges them. The property itself holds the effective value: the
least of the values stated (the earliest date, the smallest amount, the first text in code-point order),
whatever order the sources were loaded in; `conflicts` lists the properties whose sources disagree. A
retraction removes only the retracted source's values and recomputes the rest (retract_source_statements).
So are the properties of a node of a kind many sources state (an organisation's `note`, `place_id`,
`credit_code`: the ontology's `per_source` bases), by the same clauses.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from tongxin.errors import InvalidData, Problem
from tongxin.gcpause import gc_paused
from tongxin.graph import dates
from tongxin.graph.changes import ChangeSet, Statement
from tongxin.graph.model import Edge, Node, as_props, validate_batch
from tongxin.graph.ontology import NodeKind, Ontology, load_ontology
from tongxin.textnorm import simplified_name

BATCH = 5_000


def _chunks(rows: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


# Rows are positional lists, not maps: FalkorDB takes parameters as Cypher text, and a list of lists of
# plain values is text Python's json module prints, and the engine parses faster than maps (tongxin.graph.
# stores.falkordb_; docs/benchmarks.md, "Figures behind the code"). Each
# statement serves rows with the same property names, which are therefore part of its text, checked
# against the ontology's names (_prop_names) — never taken from input unchecked.
#   node row: [id, aliases, sources, <value of each property name>…]
#   edge row: [from id, to id, source id, key, evidence, <value of each property name>…]
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def _prop_names(names: tuple[str, ...], allowed: Iterable[str], what: str) -> tuple[str, ...]:
    """The property names of a statement, once checked: each one the ontology knows (validate_batch has
    said so for a built change set; a statement built otherwise gets the same guarantee here)."""
    known = set(allowed)
    bad = [n for n in names if n not in known or not _IDENT.match(n)]
    if bad:
        raise InvalidData([Problem(f"{what} has no property {n!r}", f"props.{n}") for n in bad])
    return names


def _sets(var: str, names: tuple[str, ...], first: int) -> str:
    """`v.name = row[first], v.other = row[first + 1], ` — a SET list over a row's property values. A value
    of null removes the property, as `v += {name: null}` would."""
    return "".join(f"{var}.{name} = row[{i}], " for i, name in enumerate(names, first))


# A new edge gets this source's provenance; an existing one has this source's entry in the aligned
# (sources, evidence) lists replaced and the new one appended. `evidence` is set before `sources`, so that it
# is computed from the old `sources` whether SET items apply one by one or all at once.
_EDGE_ON_CREATE = "ON CREATE SET {sets}r.sources = [row[2]], r.evidence = [row[4]] "
_EDGE_ON_MATCH = (
    "ON MATCH SET {sets}"
    "r.evidence = [i IN range(0, size(coalesce(r.sources, [])) - 1) WHERE r.sources[i] <> row[2] "
    "| r.evidence[i]] + [row[4]], "
    "r.sources = [s IN coalesce(r.sources, []) WHERE s <> row[2]] + [row[2]]"
)


def stated_properties(onto: Ontology, etype: str) -> tuple[str, ...]:
    """The properties of an edge type that each source states on its own: all but the key's (the key is
    what makes the edge one fact, so every source stating the edge states the same key) and provenance."""
    et = onto.edges[etype]
    return tuple(n for n in sorted(et.properties) if n not in et.key and n not in onto.edge_common)


def _or_null(expr: str) -> str:
    """`expr`, a list, or null (no property) when it is empty."""
    return f"CASE WHEN size({expr}) = 0 THEN null ELSE {expr} END"


def _least(values: str) -> str:
    """The least of a list of values (null when it is empty)."""
    return f"head([x IN {values} WHERE none(y IN {values} WHERE y < x)])"


def per_source_sets(names: tuple[str, ...], given: dict[str, str], src: str, carry: str, stated: tuple[str, ...],
                    where: str = "", var: str = "r") -> str:
    """`WITH … WITH … SET …`: the clauses that replace the values source `src` (a Cypher expression) states
    of each of the properties `names` by those it gives now (`given`: property name → an expression that is
    never null; a name not given loses the source's value), keeping the other sources' values, and set the
    effective values (the least) and the `conflicts` among the edge type's `stated` properties (those whose
    sources disagree, in name order). `carry`: the variables to keep (`var` first: the edge or node written, r
    unless said); `where`: which rows to write.

    The first WITH binds each property's lists as they are (`by_<name>`, `vals_<name>`). An edge written
    before values were kept per source has the property and no lists: its value is taken as stated by each
    of the edge's other sources, so that no write drops it. (After a WITH, FalkorDB too reads what the
    clauses before it set — `sources` — as Neo4j does.) The second computes the new lists (`nb_`, `nv_`),
    and ONE SET clause writes everything from those variables: FalkorDB 4.16 removes the wrong properties
    when a SET clause that removes several (sets them to null) follows another that did
    (tests/test_per_source_facts.py: an edge lost its `sources` that way)."""
    binds, news, items = [], [], []
    for n in names:
        others = f"[s IN coalesce({var}.sources, []) WHERE s <> {src}"
        binds.append(f"coalesce({var}.{n}_sources, CASE WHEN {var}.{n} IS NULL THEN [] ELSE {others}] END) AS by_{n}, "
                     f"coalesce({var}.{n}_values, CASE WHEN {var}.{n} IS NULL THEN [] ELSE {others} | {var}.{n}] END) AS vals_{n}")
        keep = f"[i IN range(0, size(by_{n}) - 1) WHERE by_{n}[i] <> {src}"
        add_v, add_s = (f" + [{given[n]}]", f" + [{src}]") if n in given else ("", "")
        news.append(f"{keep} | vals_{n}[i]]{add_v} AS nv_{n}, {keep} | by_{n}[i]]{add_s} AS nb_{n}")
        if n in given:  # never empty
            items.append(f"{var}.{n}_values = nv_{n}, {var}.{n}_sources = nb_{n}")
        else:
            items.append(f"{var}.{n}_values = {_or_null(f'nv_{n}')}, {var}.{n}_sources = {_or_null(f'nb_{n}')}")
        items.append(f"{var}.{n} = {_least(f'nv_{n}')}")
    # a date's bound (since_lo …) is kept per source like the date, so that the least bound is the least
    # date's; it disagrees whenever its date does, and is not named again in `conflicts`
    lists = {n: (f"nv_{n}" if n in names else f"coalesce({var}.{n}_values, [])") for n in stated
             if n not in dates.BOUND_PROPS}
    disagree = " + ".join(f"CASE WHEN any(x IN {v} WHERE x <> {v}[0]) THEN ['{n}'] ELSE [] END"
                          for n, v in lists.items())
    items.append(f"{var}.conflicts = {_or_null(f'({disagree})')}")
    return (f"WITH {carry}, {', '.join(binds)} {f'WHERE {where} ' if where else ''}"
            f"WITH {var}, {', '.join(news)} SET {', '.join(items)}")


def _first_values(var: str, name: str, value: str, src: str) -> str:
    """`var`'s per-source lists of property `name` when source `src` alone states it: a new edge's or node's."""
    return f"{var}.{name}_sources = [{src}], {var}.{name}_values = [{value}], "


def _merged_values(given: dict[str, str], src: str, stated: tuple[str, ...]) -> str:
    """per_source_sets for the edge or node `r` a row writes (`row` carried), skipping one whose values are this
    source's alone and the same (the common case: nothing to merge)."""
    alone = " AND ".join(f"r.{n}_sources = [{src}] AND r.{n}_values = [{v}]" for n, v in given.items())
    return per_source_sets(tuple(given), given, src, "r, row", stated, where=f"NOT coalesce({alone}, false)")


def per_source(props: dict[str, Any], *, bounds: bool = True) -> dict[str, dict[str, Any]]:
    """Which source states what of an edge read back from a store (its `properties(r)`): source id →
    {property name → the value that source states}, from the `<name>_sources`/`<name>_values` lists.
    `bounds=False` leaves out the dates' bounds (since_lo …: for comparisons; what is shown is the date)."""
    out: dict[str, dict[str, Any]] = {}
    for name in _per_source_names(props):
        if name in dates.BOUND_PROPS and not bounds:  # for comparisons (as_of), not for showing
            continue
        for src, value in zip(props[f"{name}_sources"], props[f"{name}_values"], strict=False):
            out.setdefault(src, {})[name] = value
    return out


def without_per_source(props: dict[str, Any]) -> dict[str, Any]:
    """An edge's properties without the per-source lists (the effective values and `conflicts` stay)."""
    lists = {f"{name}_{part}" for name in _per_source_names(props) for part in ("sources", "values")}
    return {k: v for k, v in props.items() if k not in lists}


def _per_source_names(props: dict[str, Any]) -> list[str]:
    return [k.removesuffix("_sources") for k, v in props.items() if k.endswith("_sources") and isinstance(v, list)
            and isinstance(props.get(k.removesuffix("_sources") + "_values"), list)]


def _merged_rows(nodes: Iterable[Node], onto: Ontology) -> list[dict[tuple[str, ...], dict[str, dict[str, Any]]]]:
    """Node rows grouped by label set, one row an id, in rounds: a node given twice in a batch by the same
    sources is merged as two writes one after the other would merge it (node_statements: later properties
    win, but for the name; aliases are joined); given by other sources, it is written in a later round, by
    a statement of its own, which keeps what each source states as the store does. `props` is as_props: the
    name and the node's properties (the id has a place of its own). A searched node written in traditional
    characters gets its simplified name as an alias (萬企興萬村: 万企兴万村)."""
    rounds: list[dict[tuple[str, ...], dict[str, dict[str, Any]]]] = [defaultdict(dict)]
    later: dict[str, int] = {}  # id → the last round with a row of it, when not the first
    for n in nodes:
        kind = onto.kinds[n.kind]
        aliases = list(n.aliases)
        if _searched(kind) and (simple := simplified_name(n.name)) != n.name and simple not in aliases:
            aliases.append(simple)
        # that round when its row has the same sources; else the round after it
        at = later.get(n.id, 0)
        rows = rounds[at][kind.labels]
        row = rows.get(n.id)
        if row is not None and row["sources"] != n.sources:
            at, row = at + 1, None
            if at == len(rounds):
                rounds.append(defaultdict(dict))
            rows, later[n.id] = rounds[at][kind.labels], at
        if row is None:
            rows[n.id] = {"id": n.id, "props": as_props(n), "aliases": aliases, "sources": list(n.sources)}
            continue
        props, name = as_props(n), row["props"]["name"]
        if name != n.name and name == simplified_name(n.name):  # 萬企興萬村 after 万企兴万村: the name stays
            props["name"], aliases = name, [a for a in aliases if a != name] + [n.name]
        row["props"].update(props)
        row["aliases"] = [a for a in row["aliases"] if a not in aliases and a != props["name"]] + aliases
    return rounds


# Kinds searched by pinyin (catalogue search.yaml): every kind of these bases but villages and communities
# (over 600,000 places; tongxin.loaders.places keeps the same levels). The keys are computed here, from
# the name and aliases a write gives, so that every writer of such nodes sets them.
PINYIN_BASES = frozenset({"Place", "Organisation", "Person", "Program"})
NO_PINYIN_KINDS = frozenset({"Village", "Community"})


_SEARCH_KEYS = frozenset({"pinyin_keys", "pinyin_tails"})


def _searched(kind: NodeKind) -> bool:
    """Whether nodes of ``kind`` are searched by name: they get pinyin keys, and a traditional name its
    simplified form as an alias."""
    return kind.base in PINYIN_BASES and kind.name not in NO_PINYIN_KINDS


def pinyin_props(name: str, aliases: Sequence[str] = ()) -> dict[str, Any]:
    """The search properties of a node named `name` (textnorm.pinyin_keys)."""
    from tongxin.textnorm import pinyin_keys

    keys = pinyin_keys(name, tuple(aliases))
    return {"pinyin": keys.pinyin, "pinyin_keys": keys.keys, "pinyin_tails": keys.tails}


def node_statements(
    nodes: Iterable[Node], ontology: Ontology | None = None, batch: int = BATCH
) -> list[Statement]:
    """Upsert statements for nodes, one per label set, set of property names and batch.

    Not MERGE: on FalkorDB a MERGE on a pattern with the node's three labels costs more than looking the
    id up in the Entity.id index and then either creating the node or updating the one found (docs/
    benchmarks.md, "Figures behind the code"). Rows are unique by id
    within a statement (_merged_rows), so that a lookup cannot miss a node the same statement creates."""
    onto = ontology or load_ontology()
    out: list[Statement] = []
    for groups in _merged_rows(nodes, onto):
        for labels, by_id in groups.items():
            out.extend(_node_statements(labels, by_id, onto, batch))
    return out


def _node_statements(labels: tuple[str, ...], by_id: dict[str, dict[str, Any]], onto: Ontology,
                     batch: int) -> list[Statement]:
    out: list[Statement] = []
    allowed = {name for kind in onto.kinds.values() if kind.labels == labels for name in kind.properties}
    kind = onto.kinds[labels[-1]]
    searched = _searched(kind)
    # rows by their property names, and whether each source's values are kept (a kind many sources state,
    # written with a source: the row's last, which states the values; graph.ontology `per_source`)
    by_names: dict[tuple[tuple[str, ...], bool], list[list[Any]]] = defaultdict(list)
    for row in by_id.values():
        props = row["props"]
        if searched:
            props = {**props, **pinyin_props(props["name"], row["aliases"])}
        per = bool(kind.stated) and bool(row["sources"]) and any(n in kind.stated for n in props)
        # the row ends with the simplified form of its name (`keep` below; a kind not searched: the name),
        # and with the source that states its values when they are kept per source
        values = [row["id"], row["aliases"], row["sources"], *props.values(),
                  simplified_name(props["name"]) if searched else props["name"]]
        if per:
            values.append(row["sources"][-1])
        by_names[(tuple(props), per)].append(values)
    for (names, per), rows in by_names.items():
        names = _prop_names(names, allowed | {"name"}, "/".join(labels))
        name = f"row[{3 + names.index('name')}]"
        src = f"row[{4 + len(names)}]"
        given = {n: f"row[{i}]" for i, n in enumerate(names, 3) if per and n in kind.stated}
        # the search keys of a node another source states too keep those of the names it gave, which stay
        # aliases (below): every name any source gave is found by its pinyin too
        others = "".join(f"m.{n} = CASE WHEN other THEN row[{i}] + [k IN coalesce(m.{n}, []) WHERE NOT k IN row[{i}]] "
                         f"ELSE row[{i}] END, " if n in _SEARCH_KEYS else f"m.{n} = row[{i}], "
                         for i, n in enumerate(names, 3) if n != "name" and n not in given)
        # a new node: the values are this source's (the common case, written at once)
        created = "".join(_first_values("n", n, v, src) for n, v in given.items())
        # All labels at creation: a node's kind is fixed by its id, and adding labels to fresh nodes
        # afterwards (SET n:Label) is several times slower on FalkorDB.
        cypher = (
            "UNWIND $rows AS row "
            "OPTIONAL MATCH (m:Entity {id: row[0]}) "
            # keep: the node's name is the simplified form of the written one (萬企興萬村 after 万企兴万村): the
            # name stays, the written one is an alias
            f"WITH row, m, coalesce(m.name = row[{3 + len(names)}] AND m.name <> {name}, false) AS keep, "
            "any(s IN coalesce(m.sources, []) WHERE NOT s IN row[2]) AS other "
            "FOREACH (_ IN CASE WHEN m IS NULL THEN [1] ELSE [] END | "
            f"CREATE (n:{':'.join(labels)}) "
            f"SET {_sets('n', names, 3)}{created}n.id = row[0], n.aliases = row[1], n.sources = row[2]) "
            "FOREACH (_ IN CASE WHEN m IS NULL THEN [] ELSE [1] END | "
            # else the write renames it, and the name another source may have given stays an alias (no
            # load erases what another source stated; a source's own reload, its old statements retracted
            # first, renames outright); the aliases are set first, from the name as it was
            f"SET m.aliases = CASE WHEN keep THEN [a IN coalesce(m.aliases, []) WHERE NOT a IN row[1] AND a <> {name}] "
            f"+ [a IN row[1] WHERE a <> m.name] + [{name}] "
            "ELSE [a IN coalesce(m.aliases, []) + CASE WHEN other THEN [m.name] ELSE [] END "
            f"WHERE NOT a IN row[1] AND a <> {name}] + row[1] END, "
            f"m.name = CASE WHEN keep THEN m.name ELSE {name} END, "
            f"{others}"
            "m.sources = [s IN coalesce(m.sources, []) WHERE NOT s IN row[2]] + row[2])"
        )
        if given:  # a node that was there: this source's values replace its own and keep the others'
            cypher += " WITH row, m AS r WHERE r IS NOT NULL " + _merged_values(given, src, kind.stated)
        for chunk in _chunks(rows, batch):
            out.append(Statement(cypher, {"rows": list(chunk)}, len(chunk), id_columns=1))
    return out


def edge_statements(
    edges: Iterable[Edge], ontology: Ontology | None = None, batch: int = BATCH
) -> list[Statement]:
    """MERGE statements for edges, one per edge type, set of property names and batch. Both ends must
    exist."""
    onto = ontology or load_ontology()
    groups: dict[tuple[str, tuple[str, ...]], list[list[Any]]] = defaultdict(list)
    stated_of = {etype: set(stated_properties(onto, etype)) for etype in onto.edges}
    for e in edges:
        # a stated property given as null is not given (the source states no value of it)
        props = {k: v for k, v in e.props.items() if v is not None or k not in stated_of.get(e.type, ())}
        groups[(e.type, tuple(props))].append(
            [e.source, e.target, e.source_id, e.key(onto), e.evidence, *props.values()])
    out: list[Statement] = []
    for (etype, names), rows in groups.items():
        names = _prop_names(names, onto.edges[etype].properties, etype)
        given = {name: f"row[{i}]" for i, name in enumerate(names, 5) if name in stated_of[etype]}
        sets = "".join(f"r.{name} = row[{i}], " for i, name in enumerate(names, 5) if name not in given)
        # a new edge: the values are this source's, unanimous (the common case, written at once)
        created = "".join(f"r.{n} = {v}, " + _first_values("r", n, v, "row[2]") for n, v in given.items())
        cypher = (
            "UNWIND $rows AS row "
            "MATCH (a:Entity {id: row[0]}) MATCH (b:Entity {id: row[1]}) "
            f"MERGE (a)-[r:{etype} {{key: row[3]}}]->(b) "
            + _EDGE_ON_CREATE.format(sets=sets + created) + _EDGE_ON_MATCH.format(sets=sets)
        )
        if given:  # an edge that has other values than this source's alone: merge them (module docstring)
            cypher += " " + _merged_values(given, "row[2]", stated_properties(onto, etype))
        for chunk in _chunks(rows, batch):
            out.append(Statement(cypher, {"rows": list(chunk)}, len(chunk), id_columns=3))
    return out


# Every place above the villages keeps the number of Village and Community nodes within it (`villages`,
# `communities`), so that a coverage total is read off the scope's own node (national: summed over 31
# provinces) instead of counted over every place in range (665k nationally). A township counts the places
# that are PART_OF it (every writer writes a place with its PART_OF chain: the import, the loaders' place
# chains, a restore; counting them along the edges is twice as quick as a range scan per township); a
# county, city or province sums the townships in its code range; a count of 0 is no property (one form,
# whichever statement wrote it, so that a dump and its restore are the same graph). Every change set of
# build_changeset that writes village-level places ends with these two statements for the places above
# them; the place import recounts every township when its village level is complete, in the change set
# that marks it complete (tongxin.loaders.places); places are never deleted but with the whole graph.
_TOWNSHIP_COUNTS = (
    "OPTIONAL MATCH (v:Place)-[:PART_OF]->(t) "
    "WITH t, count(CASE WHEN v.level = 'village' THEN 1 END) AS villages, "
    "count(CASE WHEN v.level = 'community' THEN 1 END) AS communities "
    "SET t.villages = CASE WHEN villages > 0 THEN villages END, "
    "t.communities = CASE WHEN communities > 0 THEN communities END"
)
_ANCESTOR_COUNTS = (
    "OPTIONAL MATCH (t:Township) WHERE t.code_num >= a.code_num AND t.code_num < a.code_end "
    "WITH a, sum(coalesce(t.villages, 0)) AS villages, sum(coalesce(t.communities, 0)) AS communities "
    "SET a.villages = CASE WHEN villages > 0 THEN toInteger(villages) END, "
    "a.communities = CASE WHEN communities > 0 THEN toInteger(communities) END"
)
PLACE_ROLLUP = ("UNWIND $townships AS tid MATCH (t:Entity {id: tid}) WHERE t:Township " + _TOWNSHIP_COUNTS,
                "UNWIND $ancestors AS aid MATCH (a:Entity {id: aid}) WHERE a:Place " + _ANCESTOR_COUNTS)
# for stores written before the counts existed (FalkorDBStore.ensure_schema)
PLACE_ROLLUP_ALL = ("MATCH (t:Township) " + _TOWNSHIP_COUNTS,
                    "MATCH (a:Place) WHERE a.level IN ['province', 'city', 'county'] " + _ANCESTOR_COUNTS)


def rollup_statements(place_ids: Iterable[str]) -> list[Statement]:
    """The PLACE_ROLLUP statements for the places above the village-level places among these node ids
    (none if there are none)."""
    towns = sorted({pid[:15] for pid in place_ids if pid.startswith("place:") and len(pid) == 18})
    if not towns:
        return []
    above = sorted({t[:n] for t in towns for n in (8, 10, 12)})  # place:43, place:4313, place:431382
    return [Statement(PLACE_ROLLUP[0], {"townships": towns}), Statement(PLACE_ROLLUP[1], {"ancestors": above})]


def retract_source_statements(source_id: str, ontology: Ontology | None = None) -> list[Statement]:
    """Statements that remove everything one source stated, so that a changed file can be re-loaded.

    Edges lose that source's provenance entry and its property values (the effective values are recomputed
    from the other sources'), and are deleted when no source is left; nodes lose it from `sources`, and
    their values of the properties kept per source, and are deleted when nothing states them any more and
    nothing links to them.
    """
    onto = ontology or load_ontology()
    types = "|".join(sorted(onto.edges))
    # first each source-stated property loses the source's value (and gets its effective value anew)
    values = [
        Statement(f"MATCH ()-[r:{etype}]->() WHERE $src IN r.sources {per_source_sets(stated, {}, '$src', 'r', stated)}",
                  {"src": source_id})
        for etype in sorted(onto.edges) if (stated := stated_properties(onto, etype))]
    # and so does each property a node of a kind many sources state has from the source (graph.ontology)
    bases = sorted({(k.base, k.stated) for k in onto.kinds.values() if k.stated})
    values += [Statement(f"MATCH (r:{base}) WHERE $src IN r.sources {per_source_sets(stated, {}, '$src', 'r', stated)}",
                         {"src": source_id}) for base, stated in bases]
    return values + [
        Statement(
            f"MATCH ()-[r:{types}]->() WHERE $src IN r.sources "
            "WITH r, r.sources AS s, r.evidence AS e "
            "WITH r, s, e, [i IN range(0, size(s) - 1) WHERE s[i] <> $src] AS keep "
            "SET r.sources = [i IN keep | s[i]], r.evidence = [i IN keep | e[i]]",
            {"src": source_id},
        ),
        Statement(f"MATCH ()-[r:{types}]->() WHERE size(r.sources) = 0 DELETE r"),
        Statement(
            "MATCH (n:Entity) WHERE $src IN n.sources "
            "SET n.sources = [s IN n.sources WHERE s <> $src]",
            {"src": source_id},
        ),
        Statement(
            "MATCH (n:Entity) WHERE n.sources = [] AND NOT n:Place "
            "OPTIONAL MATCH (n)-[r]-() WITH n, count(r) AS degree WHERE degree = 0 DELETE n"
        ),
    ]


def build_changeset(
    nodes: Sequence[Node],
    edges: Sequence[Edge],
    *,
    ontology: Ontology | None = None,
    retract: str | None = None,
    batch: int = BATCH,
) -> ChangeSet:
    """Validate a batch against the ontology and turn it into one atomic change set.

    Raises InvalidData naming every offending field; nothing is built for an invalid batch.
    """
    onto = ontology or load_ontology()
    with gc_paused():
        validate_batch(nodes, edges, onto)
        cs = ChangeSet()
        if retract:
            cs.extend(retract_source_statements(retract, onto))
        cs.extend(node_statements(nodes, onto, batch))
        cs.extend(edge_statements(edges, onto, batch))
        cs.extend(rollup_statements(n.id for n in nodes))
    return cs
