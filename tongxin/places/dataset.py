"""Which division dataset, and which part of it: the identity of a set of places, and the place-name
resolver over it, ready in seconds from a cache on disk.

A graph is built from one dataset (name, version and the SHA-256 of its content) cut to an area
(``within``: code prefixes, or the whole country). :func:`load_resolver` returns the resolver over
exactly those places; ``tongxin.graph.placeset`` records the identity in the graph and hands every
command the resolver of the places the graph holds.

Building the national resolver from the CSV files takes many seconds of CPU (parsing 665k rows, OpenCC
over every name, an Aho–Corasick automaton of 361k keys). Its state is therefore pickled once per dataset,
area and code version into the cache directory (``TONGXIN_CACHE_DIR``, default the user cache dir)
and read back in a fresh process in a few seconds (docs/benchmarks.md has the figures). :func:`cached_state`
keeps other state derived from a set of places the same way (the extractor's name index).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import re
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import platformdirs

from tongxin.gcpause import gc_paused
from tongxin.places.gazetteer import _SUFFIXES, DATA_DIR, Gazetteer, GazetteerError

if TYPE_CHECKING:
    from tongxin.places.resolver import Resolver

__all__ = [
    "DatasetId",
    "bundled_dataset",
    "cached_state",
    "content_sha256",
    "default_cache_dir",
    "load_gazetteer",
    "load_resolver",
    "normalise_within",
]

_STEMS = ("provinces", "cities", "areas", "streets", "villages")
_MANIFEST = DATA_DIR / "dataset.json"
# Files whose text decides what the cache holds: an edit to any of them builds the cache anew.
_CODE_FILES = ("gazetteer.py", "resolver.py", "dataset.py", "renamed.py", "data/renamed.csv")
_CACHE_FORMAT = 1
# a cache file's name: what it holds, for which places, by which version of the code that builds it
_CACHE_NAME = re.compile(r"(?P<kind>[a-z][a-z-]*)-(?P<identity>[0-9a-f]{32})-(?P<code>[0-9a-f]{16})\.pickle")
_KEEP_VERSIONS = 2  # per kind and places: this version's and the last one used (two checkouts side by side)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class DatasetId:
    """A division dataset: its package name and version, and the SHA-256 of its content (every place's
    code, official name and parent, in code order — the same whether read from CSV, JSON or gzip)."""

    name: str
    version: str
    sha256: str

    def __str__(self) -> str:
        return f"{self.name}@{self.version} (sha256 {self.sha256[:12]}…)"

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "version": self.version, "sha256": self.sha256}


def content_sha256(gazetteer: Gazetteer) -> str:
    """The content hash of :class:`DatasetId` for a loaded gazetteer."""
    h = hashlib.sha256()
    lines = [f"{p.code},{p.official_name},{p.parent_code or ''}\n" for p in gazetteer.iter_places()]
    lines.sort()
    h.update("".join(lines).encode("utf-8"))
    return h.hexdigest()


def bundled_dataset() -> DatasetId:
    """The identity of the copy shipped in ``tongxin/places/data`` (from its manifest, no parsing)."""
    data = json.loads(_MANIFEST.read_text(encoding="utf-8"))
    return DatasetId(data["name"], data["version"], data["sha256"])


def _package_meta(directory: Path) -> tuple[str, str]:
    """(name, version) from the npm package.json beside a ``dist`` folder, or the bundled manifest."""
    if directory.resolve() == DATA_DIR.resolve():
        ds = bundled_dataset()
        return ds.name, ds.version
    for pkg in (directory / "package.json", directory.parent / "package.json"):
        if pkg.is_file():
            try:
                data = json.loads(pkg.read_text(encoding="utf-8"))
                return str(data.get("name") or "unknown"), str(data.get("version") or "unknown")
            except (OSError, ValueError):
                break
    return "unknown", "unknown"


def _dataset_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        raise GazetteerError(f"{directory}: not a directory")
    if not any((directory / f"provinces{s}").is_file() for s in _SUFFIXES) and (directory / "dist").is_dir():
        directory = directory / "dist"
    files = []
    for stem in _STEMS:
        found = next((directory / f"{stem}{s}" for s in _SUFFIXES if (directory / f"{stem}{s}").is_file()), None)
        if found is None:
            looked = ", ".join(stem + s for s in _SUFFIXES)
            raise GazetteerError(f"{directory}: missing {stem} file (looked for {looked})")
        files.append(found)
    return files


def normalise_within(within: Sequence[str]) -> tuple[str, ...]:
    """Code prefixes, sorted, without those inside another (('42', '4203') → ('42',)); () is the whole
    country."""
    codes = sorted({c.strip() for c in within if c and c.strip()})
    for c in codes:
        if not (c.isascii() and c.isdigit() and len(c) in (2, 4, 6, 9, 12)):
            raise GazetteerError(f"within: {c!r} is not a division code (2, 4, 6, 9 or 12 digits)")
    return tuple(c for c in codes if not any(c != o and c.startswith(o) for o in codes))


def default_cache_dir() -> Path:
    """``TONGXIN_CACHE_DIR`` (tongxin.settings documents it), else the user's cache directory."""
    return Path(os.environ.get("TONGXIN_CACHE_DIR") or platformdirs.user_cache_dir("tongxin"))


def _code_version() -> str:
    h = hashlib.sha256(str(_CACHE_FORMAT).encode())
    here = Path(__file__).resolve().parent
    for name in _CODE_FILES:
        path = here / name
        h.update(name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"") + b"\0")
    return h.hexdigest()


def _places_identity(files: Sequence[Path], within: tuple[str, ...], meta: tuple[str, str]) -> str:
    """The dataset files' bytes, package name and version, and the area: which places a cache file holds."""
    h = hashlib.sha256(json.dumps([meta, list(within)]).encode())
    for f in files:
        h.update(f.name.encode() + b"\0")
        with open(f, "rb") as fh:
            while block := fh.read(1 << 20):
                h.update(block)
    return h.hexdigest()[:32]


def load_gazetteer(path: str | Path | None = None, within: Sequence[str] = ()) -> Gazetteer:
    """The gazetteer of a dataset folder (default: the bundled national set) cut to ``within``, with
    its :attr:`Gazetteer.dataset` identity set. Not cached on disk (:func:`load_resolver` is)."""
    directory = Path(path) if path is not None else DATA_DIR
    full = Gazetteer.from_dataset(directory)
    full.dataset = DatasetId(*_package_meta(directory), content_sha256(full))
    return full.subset(normalise_within(within)) if within else full


_memo: dict[tuple[str, tuple[str, ...]], Resolver] = {}
_memo_lock = threading.RLock()  # an area's resolver asks for the whole's under it


def load_resolver(
    path: str | Path | None = None, within: Sequence[str] = (), *, cache_dir: str | Path | None = None
) -> Resolver:
    """The resolver over a dataset's places within an area (default: the bundled set, whole country).

    Kept per process (the same object for the same files and area) and on disk under ``cache_dir``
    (default :func:`default_cache_dir`), keyed by the files' bytes, the area and this package's code, so a
    fresh process reads it back instead of building it. A cache that cannot be read or written is
    rebuilt or skipped, never trusted half-way.
    """
    from tongxin.places.resolver import Resolver

    directory = Path(path) if path is not None else DATA_DIR
    area = normalise_within(within)
    files = _dataset_files(directory)
    meta = _package_meta(directory)
    identity, code = _places_identity(files, area, meta), _code_version()[:16]
    key = f"{identity}-{code}"
    with _memo_lock:
        hit = _memo.get((key, area))
        if hit is not None:
            return hit
        cache_file = _cache_file(cache_dir, "resolver", identity, code)
        resolver = _read_cache(cache_file)
        if resolver is None:
            if area:  # an area of the whole: cut from the whole's (cached) gazetteer
                whole = load_resolver(directory, (), cache_dir=cache_dir).gazetteer
                gazetteer = whole.subset(area)
            else:
                gazetteer = Gazetteer.from_dataset(directory)
                gazetteer.dataset = DatasetId(*meta, content_sha256(gazetteer))
            resolver = Resolver(gazetteer)
            _write_cache(cache_file, resolver)
        _memo[(key, area)] = resolver
        return resolver


def _read_cache(path: Path) -> Resolver | None:
    from tongxin.places.resolver import Resolver

    state = _read_state(path)
    if state is None:
        return None
    try:
        with gc_paused():  # 665k places built at once: the collector would rescan them over and over
            gazetteer = Gazetteer.from_state(state["gazetteer"])
            return Resolver.from_state(gazetteer, state["resolver"])
    except Exception:  # a stale or foreign file: build anew and overwrite it
        return None


def _write_cache(path: Path, resolver: Resolver) -> None:
    _write_state(path, {"gazetteer": resolver.gazetteer.state(), "resolver": resolver.state()})


def cached_state(
    gazetteer: Gazetteer, kind: str, build: Callable[[], T], *, code: Sequence[Path] = (),
    cache_dir: str | Path | None = None,
) -> T:
    """State derived from a gazetteer's places (``build()``, picklable), kept on disk beside the resolver's.

    Keyed by the gazetteer's dataset identity (:class:`DatasetId`, a content hash) and area, this package's
    code and the bytes of the files in ``code`` (the module that builds the state), so an edit to any of
    them builds it anew; the file is ``places/{kind}-{places}-{code version}.pickle``. A gazetteer without a
    dataset identity (built by hand) is never cached. A cache that cannot be read or written is rebuilt or
    skipped, never trusted half-way.
    """
    if gazetteer.dataset is None:
        return build()
    identity = hashlib.sha256(json.dumps([kind, gazetteer.dataset.as_dict(), list(gazetteer.within)]).encode())
    version = hashlib.sha256(_code_version().encode())
    for f in code:
        version.update(Path(f).name.encode() + b"\0" + Path(f).read_bytes() + b"\0")
    path = _cache_file(cache_dir, kind, identity.hexdigest()[:32], version.hexdigest()[:16])
    state = _read_state(path)
    if state is not None:
        return cast(T, state["state"])
    built = build()
    _write_state(path, {"state": built})
    return built


def _cache_file(cache_dir: str | Path | None, kind: str, identity: str, code: str) -> Path:
    folder = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    return folder / "places" / f"{kind}-{identity}-{code}.pickle"


def _read_state(path: Path) -> dict[str, Any] | None:
    try:
        with open(path, "rb") as fh, gc_paused():
            state: Any = pickle.load(fh)
    except FileNotFoundError:
        return None
    except Exception:  # a torn or foreign file: build anew and overwrite it
        return None
    if not isinstance(state, dict) or state.get("format") != _CACHE_FORMAT:
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # last used now: pruning keeps the versions in use
    return state


def _prune(written: Path) -> None:
    """Remove the cache files no code of this version reads: for the kind and places just written, the
    other code versions beyond the most recently used :data:`_KEEP_VERSIONS` (each upgrade or edit writes
    a new file of up to ~90 MB); and files named in an earlier layout. A file another process still has
    open stays readable to it; one it has yet to open is rebuilt (time, not correctness)."""
    mine = _CACHE_NAME.fullmatch(written.name)
    if mine is None:
        return
    legacy: list[Path] = []
    versions: list[tuple[float, Path]] = []
    for f in written.parent.glob("*.pickle"):
        if f.name.startswith(".") or f == written:
            continue
        other = _CACHE_NAME.fullmatch(f.name)
        if other is None:
            legacy.append(f)
        elif other.group("kind", "identity") == mine.group("kind", "identity"):
            with contextlib.suppress(OSError):
                versions.append((f.stat().st_mtime, f))
    versions.sort(reverse=True)  # most recently used first
    for f in legacy + [f for _, f in versions[_KEEP_VERSIONS - 1:]]:
        with contextlib.suppress(OSError):
            f.unlink()


def _write_state(path: Path, state: dict[str, Any]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(fd, "wb") as fh, gc_paused():
                pickle.dump({"format": _CACHE_FORMAT, **state}, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)  # readers see the old file or the whole new one
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _prune(path)
    except OSError:
        pass  # a read-only or full cache directory costs time, not correctness
