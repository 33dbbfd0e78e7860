"""Export a view's graph: GraphML, GEXF, JSON (node-link) and CSV for ``neo4j-admin database import``.

Provenance travels with every format: the aligned lists ``sources`` and ``evidence`` on edges and
``aliases``/``sources`` on nodes.

- graphml, gexf: neither can hold a list, so every list (or dict) value is written as a JSON string
  (``["src:a", "src:b"]``) — lossless whatever the quotes contain, which no separator is. The graph
  attributes ``tongxin_list_encoding = "json"`` and ``tongxin_list_properties`` (the names, comma
  separated) say so, and :func:`read_export` decodes them back. GEXF reserves the edge attribute
  ``type`` (directed/undirected): the relation is written as the edge ``label`` and the attribute
  ``rel_type``; a node's ``label`` is its name. Other reserved names get a ``_prop`` suffix.
- json: ``networkx.node_link_data(graph, edges="edges")``; lists stay lists.
- csv: ``nodes.csv`` (``id:ID,name,kind,:LABEL,…``) and ``relationships.csv``
  (``:START_ID,:END_ID,:TYPE,…``) in neo4j-admin's header format, lists as ``prop:string[]`` (``long[]``, ``double[]`` for numbers) joined
  with ``;`` (the array delimiter, which also separates the labels ``Entity;Place;Village``); when an
  element contains ``;`` another delimiter is chosen and ``neo4j-admin-import.sh``, written beside the
  CSVs, passes it as ``--array-delimiter`` (and ``--multiline-fields=true`` when a value spans lines).

Attributes whose names start with ``_`` are internal to tongxin.viz and are not exported.

CSV cells a spreadsheet would evaluate — text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return, unless it is a plain number — are written with a leading apostrophe (``'=HYPERLINK(…)``), so that
opening an export in a spreadsheet runs nothing; the apostrophe is then part of the text neo4j-admin
imports. The other formats carry values verbatim.
"""

from __future__ import annotations

import csv
import json
import shlex
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from tongxin.graph.ontology import load_ontology
from tongxin.viz.aggregate import as_multidigraph

FORMATS = ("graphml", "gexf", "json", "csv")
LIST_ENCODING = "json"
DEFAULT_STEM = "graph"
ARRAY_DELIMITERS = (";", "|", "^", "~", "`")

_GEXF_RESERVED_NODE = {"label", "pid", "start", "end", "viz", "id"}
_GEXF_RESERVED_EDGE = {"label", "weight", "start", "end", "id", "key", "networkx_key"}


def export_graph(graph: nx.Graph, path_or_dir: str | Path, fmt: str) -> list[Path]:
    """Write `graph` in `fmt` (graphml | gexf | json | csv); returns the paths written.

    For graphml/gexf/json `path_or_dir` is the file to write, or a directory (existing, or for csv
    always) to write ``graph.<fmt>`` into. csv writes ``nodes.csv``, ``relationships.csv`` and
    ``neo4j-admin-import.sh`` into the directory.
    """
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; known: {', '.join(FORMATS)}")
    g = as_multidigraph(graph)
    target = Path(path_or_dir)
    if fmt == "csv":
        return write_neo4j_csv(g, target)
    if target.is_dir() or (not target.suffix and not target.exists()):
        target = target / f"{DEFAULT_STEM}.{fmt}"
    target.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "graphml":
        nx.write_graphml(_flattened(g, gexf=False), target, encoding="utf-8")
    elif fmt == "gexf":
        nx.write_gexf(_flattened(g, gexf=True), target, encoding="utf-8")
    else:
        data = nx.node_link_data(_without_internal(g), edges="edges")
        with target.open("w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1, default=str)
    return [target]


def read_export(path: str | Path, fmt: str) -> nx.MultiDiGraph:
    """Read a graphml/gexf/json export back, decoding the JSON-encoded lists."""
    fmt = fmt.lower()
    p = Path(path)
    if fmt == "json":
        with p.open(encoding="utf-8") as fh:
            return as_multidigraph(nx.node_link_graph(json.load(fh), edges="edges"))
    if fmt == "graphml":
        g = as_multidigraph(nx.read_graphml(p))
    elif fmt == "gexf":
        g = as_multidigraph(nx.read_gexf(p))
        for _, _, d in g.edges(data=True):
            if "rel_type" in d:
                d["type"] = d.pop("rel_type")
                d.pop("label", None)
            d.pop("networkx_key", None)
        for _, d in g.nodes(data=True):
            d.pop("label", None)
    else:
        raise ValueError(f"read_export reads graphml, gexf or json, not {fmt!r}")
    # GraphML keeps the graph attribute that names the encoded lists; GEXF drops graph attributes, so
    # there the ontology's list-valued properties are decoded.
    listed = g.graph.get("tongxin_list_properties")
    names = set(filter(None, listed.split(","))) if isinstance(listed, str) else ontology_list_properties()
    for _, d in g.nodes(data=True):
        _decode(d, names)
    for _, _, d in g.edges(data=True):
        _decode(d, names)
    for key in ("notes",):
        if isinstance(g.graph.get(key), str):
            g.graph[key] = json.loads(g.graph[key])
    return g


def ontology_list_properties() -> set[str]:
    """The names of the properties the ontology declares as lists (aliases, sources, evidence, …)."""
    ontology = load_ontology()
    specs = [*ontology.edge_common.values()]
    for kind in ontology.kinds.values():
        specs.extend(kind.properties.values())
    for edge in ontology.edges.values():
        specs.extend(edge.properties.values())
    return {spec.name for spec in specs if spec.type.startswith("list")}


# --- graphml / gexf --------------------------------------------------------------------------------


def _without_internal(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    out = nx.MultiDiGraph()
    out.graph.update({k: v for k, v in g.graph.items() if not str(k).startswith("_")})
    out.add_nodes_from((n, _public(d)) for n, d in g.nodes(data=True))
    out.add_edges_from((u, v, k, _public(d)) for u, v, k, d in g.edges(keys=True, data=True))
    return out


def _public(d: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if not str(k).startswith("_")}


def _flattened(g: nx.MultiDiGraph, *, gexf: bool) -> nx.MultiDiGraph:
    """A copy whose attribute values are all str/int/float/bool: lists and dicts as JSON strings,
    None dropped, mixed-type attributes made one type."""
    encoded: set[str] = set()

    def flat(d: Mapping[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in d.items():
            k = str(k)
            if k.startswith("_") or v is None:
                continue
            if isinstance(v, list | tuple | set | frozenset | dict):
                encoded.add(k)
                v = json.dumps(
                    sorted(v) if isinstance(v, set | frozenset) else v, ensure_ascii=False, default=str
                )
            elif not isinstance(v, str | int | float | bool):
                v = str(v)
            out[k] = v
        return out

    out = nx.MultiDiGraph()
    nodes = [(str(n), flat(d)) for n, d in g.nodes(data=True)]
    edges = [(str(u), str(v), str(k), flat(d)) for u, v, k, d in g.edges(keys=True, data=True)]
    _unify_types([d for _, d in nodes])
    _unify_types([d for *_, d in edges])
    if gexf:
        for n, d in nodes:
            _rename_reserved(d, _GEXF_RESERVED_NODE)
            d["label"] = str(d.get("name") or n)
        for *_, d in edges:
            _rename_reserved(d, _GEXF_RESERVED_EDGE)
            if "type" in d:
                d["rel_type"] = d.pop("type")
                d["label"] = str(d["rel_type"])
    out.add_nodes_from(nodes)
    out.add_edges_from(edges)
    for k, v in g.graph.items():
        if str(k).startswith("_") or v is None:
            continue
        out.graph[str(k)] = (
            json.dumps(v, ensure_ascii=False, default=str) if isinstance(v, list | dict) else v
        )
    out.graph["tongxin_list_encoding"] = LIST_ENCODING
    out.graph["tongxin_list_properties"] = ",".join(sorted(encoded))
    return out


def _rename_reserved(d: dict[str, Any], reserved: set[str]) -> None:
    for key in [k for k in d if k in reserved]:
        d[f"{key}_prop"] = d.pop(key)


def _unify_types(items: list[dict[str, Any]]) -> None:
    """GraphML/GEXF declare one type per attribute: ints mixed with floats become floats, anything
    else mixed becomes strings."""
    kinds: dict[str, set[type]] = {}
    for d in items:
        for k, v in d.items():
            kinds.setdefault(k, set()).add(type(v))
    for k, types in kinds.items():
        if len(types) <= 1:
            continue
        cast: Callable[[Any], Any] = float if types <= {int, float} else str
        for d in items:
            if k in d:
                d[k] = cast(d[k])


def _decode(d: dict[str, Any], names: set[str]) -> None:
    for k in list(d):
        if k in names and isinstance(d[k], str):
            try:
                d[k] = json.loads(d[k])
            except json.JSONDecodeError:
                pass


# --- neo4j-admin CSV -------------------------------------------------------------------------------


def _labels(kind: Any) -> list[str]:
    ontology = load_ontology()
    if isinstance(kind, str) and kind in ontology.kinds:
        return list(ontology.kinds[kind].labels)
    return ["Entity", str(kind)] if kind else ["Entity"]


def _column_type(values: Iterable[Any]) -> str:
    """neo4j-admin type suffix for a column's values: '', 'long', 'double', 'boolean', or an array of one of
    them ('long[]' …, 'string[]' for lists of text or of mixed or no elements: a per-source list of amounts
    stays numbers)."""
    values = [v for v in values if v is not None]
    types = {type(v) for v in values}
    if not types:
        return ""
    if types <= {list, tuple, set, frozenset}:
        element = _column_type(x for v in values for x in v)
        return f"{element}[]" if element else "string[]"
    if types == {bool}:
        return "boolean"
    if types == {int}:
        return "long"
    if types <= {int, float}:
        return "double"
    return ""


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(text: str) -> str:
    """`text` as a spreadsheet shows but never evaluates: a leading apostrophe before a formula-like start."""
    if text.startswith(_FORMULA_START):
        try:
            float(text)
        except ValueError:
            return "'" + text
    return text


def _verbatim(text: str) -> str:
    return text


def _cell(value: Any, col_type: str, delimiter: str, fix: Callable[[str], str] = inert) -> str | None:
    if value is None:
        return None  # an empty, unquoted cell: no property
    if col_type == "string[]":
        return fix(delimiter.join(str(v) for v in value))
    if col_type == "boolean[]":
        return delimiter.join("true" if v else "false" for v in value)
    if col_type in ("long[]", "double[]"):
        return delimiter.join(str(v) for v in value)
    if col_type == "boolean":
        return "true" if value else "false"
    if isinstance(value, dict | list | tuple | set | frozenset):
        return json.dumps(
            sorted(value) if isinstance(value, set | frozenset) else value, ensure_ascii=False, default=str
        )
    return str(value) if col_type in ("long", "double") else fix(str(value))


def _array_delimiter(g: nx.MultiDiGraph) -> str:
    used: set[str] = set()
    for _, d in g.nodes(data=True):
        used.update(str(d.get("kind") or ""))
        for v in d.values():
            if isinstance(v, list | tuple | set | frozenset):
                for x in v:
                    used.update(str(x))
    for _, _, d in g.edges(data=True):
        for v in d.values():
            if isinstance(v, list | tuple | set | frozenset):
                for x in v:
                    used.update(str(x))
    for candidate in ARRAY_DELIMITERS:
        if candidate not in used:
            return candidate
    raise ValueError(f"every candidate array delimiter ({' '.join(ARRAY_DELIMITERS)}) occurs in the data")


def _quoted_row(w: Any, fh: Any, row: list[str | None]) -> None:
    """Every value quoted, a missing one an empty unquoted cell: neo4j-admin imports "" as an empty string
    and an empty cell as no property (the csv module quotes both or neither)."""
    fh.write(",".join("" if c is None else '"' + c.replace('"', '""') + '"' for c in row) + "\r\n")


def _plain_row(w: Any, fh: Any, row: list[str | None]) -> None:
    w.writerow(row)


def write_neo4j_csv(graph: nx.Graph, directory: str | Path, *, whole: bool = False) -> list[Path]:
    """nodes.csv, relationships.csv and neo4j-admin-import.sh in `directory` (created).

    whole: the graph is a whole database moving to Neo4j (tongxin.graph.backup.as_graph: nodes carry
    their stored labels): values are written verbatim (no spreadsheet apostrophes) and no `kind` column is
    added, so that the imported database holds what the store held."""
    fix = _verbatim if whole else inert
    write = _quoted_row if whole else _plain_row
    g = as_multidigraph(graph)
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    delimiter = _array_delimiter(g)
    multiline = False

    node_rows = [(str(n), _public(d)) for n, d in g.nodes(data=True)]
    stored_labels = {str(n): d["_labels"] for n, d in g.nodes(data=True) if d.get("_labels")}  # a whole graph
    node_props = sorted({k for _, d in node_rows for k in d} - {"name", "kind", "id"})
    node_types = {k: _column_type(d.get(k) for _, d in node_rows) for k in node_props}
    lead = ["id:ID", "name", ":LABEL"] if whole else ["id:ID", "name", "kind", ":LABEL"]
    header = lead + [f"{k}:{t}" if t else k for k, t in node_types.items()]
    nodes_path = out / "nodes.csv"
    with nodes_path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\r\n")  # CRLF: a value holding a lone CR is quoted too
        w.writerow(header)
        for nid, d in node_rows:
            name = d.get("name")
            row: list[str | None] = [fix(nid), fix(str(name)) if name is not None else (None if whole else "")]
            row += [] if whole else [str(d.get("kind") or "")]
            row.append(delimiter.join(stored_labels.get(nid) or _labels(d.get("kind"))))
            row += [_cell(d.get(k), node_types[k], delimiter, fix) for k in node_props]
            multiline = multiline or any(c and ("\n" in c or "\r" in c) for c in row)
            write(w, fh, row)

    edge_rows = [(str(u), str(v), _public(d)) for u, v, d in g.edges(data=True)]
    first = [k for k in ("sources", "evidence") if any(k in d for *_, d in edge_rows)]
    rest = sorted({k for *_, d in edge_rows for k in d} - {"type", "sources", "evidence"})
    edge_props = first + rest
    edge_types = {k: _column_type(d.get(k) for *_, d in edge_rows) for k in edge_props}
    for k in ("sources", "evidence"):  # provenance lists stay arrays even when every one is empty
        if k in edge_types and edge_types[k] == "":
            edge_types[k] = "string[]"
    rel_path = out / "relationships.csv"
    with rel_path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\r\n")  # CRLF: a value holding a lone CR is quoted too
        w.writerow(
            [":START_ID", ":END_ID", ":TYPE"] + [f"{k}:{t}" if t else k for k, t in edge_types.items()]
        )
        for u, v, d in edge_rows:
            row = [u, v, str(d.get("type") or "RELATED")]
            row += [_cell(d.get(k), edge_types[k], delimiter, fix) for k in edge_props]
            multiline = multiline or any(c and ("\n" in c or "\r" in c) for c in row)
            write(w, fh, row)

    args = [
        "neo4j-admin",
        "database",
        "import",
        "full",
        '"${1:-neo4j}"',  # before the options: --relationships takes any number of values
        "--nodes=nodes.csv",
        "--relationships=relationships.csv",
        f"--array-delimiter={shlex.quote(delimiter)}",
    ]
    if multiline:
        args.append("--multiline-fields=true")
    script = out / "neo4j-admin-import.sh"
    script.write_text(
        "#!/bin/sh\n"
        "# Import these CSVs into an empty (stopped) Neo4j 5 database: sh neo4j-admin-import.sh [database]\n"
        "# Written by tongxin.viz.export; the array delimiter also separates the labels.\n"
        'cd "$(dirname "$0")" || exit 1\n' + " ".join(args) + "\n",
        encoding="utf-8",
    )
    return [nodes_path, rel_path, script]
