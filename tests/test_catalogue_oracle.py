"""Catalogue queries agree with an independent computation (networkx / plain Python) on fixtures.

FalkorDB has known wrong-answer bugs (e.g. `exists(pattern)`, patterns inside CASE), so every coverage
and path answer is cross-checked here against the same fixture computed without any database.
"""

from __future__ import annotations

import random
import re
import time
from dataclasses import dataclass
from datetime import date, timedelta

import networkx as nx
import pytest

from tongxin.graph.model import Edge, Node, place_kind
from tongxin.graph.writer import build_changeset
from tongxin.queries.registry import code_range, load_registry

SRC = "source:fixture"
PROGRAMS = ["万企兴万村", "党派+社区"]
PARTNER_KINDS = ["Enterprise", "Association", "DemocraticParty", "Person"]


@dataclass
class Fixture:
    nodes: list[Node]
    edges: list[Edge]
    graph: nx.MultiDiGraph


def _place(code: str, name: str) -> Node:
    lo, hi = code_range(code)
    level = place_kind(code).lower()
    return Node(id=f"place:{code}", kind=place_kind(code), name=name,
                props={"code": code, "code_num": lo, "code_end": hi, "level": level})


def make_fixture(seed: int, counties: int = 3, townships: int = 3, villages: int = 12) -> Fixture:
    """A seeded random place tree with partners paired to some villages and communities."""
    rng = random.Random(seed)
    nodes = [_place("42", "湖北省"), _place("4203", "十堰市")]
    edges = [Edge(type="PART_OF", source="place:4203", target="place:42", source_id=SRC, evidence="e")]
    leaves: list[str] = []
    for c in range(1, counties + 1):
        ccode = f"4203{c:02d}"
        nodes.append(_place(ccode, f"县{c}"))
        edges.append(Edge(type="PART_OF", source=f"place:{ccode}", target="place:4203", source_id=SRC, evidence="e"))
        for t in range(1, townships + 1):
            tcode = f"{ccode}{t:03d}"
            nodes.append(_place(tcode, f"镇{c}{t}"))
            edges.append(Edge(type="PART_OF", source=f"place:{tcode}", target=f"place:{ccode}", source_id=SRC,
                              evidence="e"))
            for _v in range(villages):
                suffix = rng.choice([rng.randint(1, 199), rng.randint(200, 399)])
                vcode = f"{tcode}{suffix:03d}"
                if f"place:{vcode}" in {n.id for n in nodes}:
                    continue
                nodes.append(_place(vcode, f"村{vcode[-5:]}"))
                edges.append(Edge(type="PART_OF", source=f"place:{vcode}", target=f"place:{tcode}", source_id=SRC,
                                  evidence="e"))
                leaves.append(vcode)
    nodes += [_place("43", "湖南省"), _place("4313", "娄底市"), _place("431382", "涟源市"),
              _place("431382107", "杨市镇")]
    edges += [Edge(type="PART_OF", source=f"place:{c}", target=f"place:{c[:-2]}", source_id=SRC, evidence="e")
              for c in ("4313", "431382")]
    edges.append(Edge(type="PART_OF", source="place:431382107", target="place:431382", source_id=SRC, evidence="e"))
    for suffix in (1, 2, 201, 259, 260):
        vcode = f"431382107{suffix:03d}"
        nodes.append(_place(vcode, f"村{vcode[-5:]}"))
        edges.append(Edge(type="PART_OF", source=f"place:{vcode}", target="place:431382107", source_id=SRC,
                          evidence="e"))
        leaves.append(vcode)
    partners = []
    for i in range(25):
        kind = rng.choice(PARTNER_KINDS)
        nid = f"{kind.lower()}:partner{i}"
        nodes.append(Node(id=nid, kind=kind, name=f"伙伴{i}"))
        partners.append(nid)
    seen = set()
    for _ in range(60):
        p, v = rng.choice(partners), rng.choice(leaves)
        program = rng.choice(PROGRAMS)
        if (p, v, program) in seen:
            continue
        seen.add((p, v, program))
        props = {"program": program, "since": _some_date(rng, 2019, 2023)}
        if rng.random() < 0.3:
            props["until"] = _some_date(rng, 2021, 2024)
        edges.append(Edge(type="PAIRED_WITH", source=p, target=f"place:{v}", props=props, source_id=SRC,
                          evidence=f"{p} 结对 {v}"))
    g = nx.MultiDiGraph()
    for n in nodes:
        g.add_node(n.id, kind=n.kind, **n.props)
    for e in edges:
        g.add_edge(e.source, e.target, type=e.type, **e.props)
    return Fixture(nodes, edges, g)


def _some_date(rng: random.Random, first_year: int, last_year: int) -> str:
    """A date as sources give them: a year, a month or a day."""
    year = rng.randint(first_year, last_year)
    return rng.choice([f"{year}", f"{year}-{rng.randint(1, 12):02d}",
                       f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"])


def _period(text: str) -> tuple[date, date]:
    """The first and last day of a year, a month or a day (independently of tongxin.graph.dates)."""
    parts = [int(x) for x in text.split("-")]
    if len(parts) == 1:
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    if len(parts) == 2:
        following = date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return date(parts[0], parts[1], 1), following - timedelta(days=1)
    return date(*parts), date(*parts)


def in_force(e: dict, as_of: str) -> bool:
    """docs/guarantees.md's rule: the pairing's period and the as-of period can overlap."""
    first, last = _period(as_of)
    if e.get("since") and _period(e["since"])[0] > last:
        return False
    return not (e.get("until") and _period(e["until"])[1] < first)


def oracle_uncovered(fx: Fixture, within: str | None, target: str, partner: str, program: str | None,
                     as_of: str | None) -> list[str]:
    """Codes of the villages/communities within `within` (None: the country) lacking a qualifying partner
    — plain Python."""
    lo, hi = code_range(within) if within else (0, 10**12)
    out = []
    for nid, data in fx.graph.nodes(data=True):
        if data.get("level") != target or not lo <= data["code_num"] < hi:
            continue
        ok = False
        for src, _, e in fx.graph.in_edges(nid, data=True):
            if e["type"] != "PAIRED_WITH":
                continue
            kind = fx.graph.nodes[src]["kind"]
            if partner != "any" and kind != partner and not (partner == "Organisation" and kind != "Person"):
                continue
            if program and e.get("program") != program:
                continue
            if as_of and not in_force(e, as_of):
                continue
            ok = True
        if not ok:
            out.append(data["code"])
    return sorted(out)


def _run(store, name: str, **raw):  # type: ignore[no-untyped-def]
    q, params = load_registry().bind(name, raw, resolve_place=lambda text: text)
    return store.query(q.text_for(store.name), params).records()


@pytest.fixture(params=[1, 2, 3])
def loaded(request, any_store):  # type: ignore[no-untyped-def]
    fx = make_fixture(request.param)
    any_store.apply(build_changeset(fx.nodes, fx.edges))
    return any_store, fx


CASES = [
    ("4203", "village", "Enterprise", None, None),
    ("4203", "community", "any", None, None),
    ("420301", "village", "any", "万企兴万村", None),
    ("420302", "village", "DemocraticParty", None, None),
    ("420303001", "community", "Association", "党派+社区", "2021-06"),
    ("4203", "village", "any", None, "2022-01"),
    ("4203", "village", "any", None, "2021"),
    ("4203", "community", "any", None, "2021-06-30"),
    ("4203", "village", "Enterprise", None, "2024-02-29"),
    ("42", "village", "Enterprise", "万企兴万村", "2023-12"),
]


@pytest.mark.parametrize("within,target,partner,program,as_of", CASES)
def test_uncovered_and_summary_agree_with_the_oracle(loaded, within, target, partner, program, as_of):
    store, fx = loaded
    args = dict(within=within, target=target, partner=partner, program=program, as_of=as_of)
    expected = oracle_uncovered(fx, **args)
    rows = _run(store, "coverage_uncovered", **args, limit=10000)
    assert [r["code"] for r in rows] == expected, (args, rows, expected)
    summary = _run(store, "coverage_summary", **args)[0]
    lo, hi = code_range(within)
    total = sum(1 for _, d in fx.graph.nodes(data=True) if d.get("level") == target and lo <= d["code_num"] < hi)
    assert summary == {"total": total, "covered": total - len(expected)}, (args, summary)


NATIONAL_CASES = [
    ("village", "Enterprise", None, None),
    ("village", "any", None, None),
    ("community", "any", "党派+社区", None),
    ("village", "Person", None, None),
    ("community", "Organisation", None, "2022-01"),
    ("village", "any", None, "2021"),
    ("village", "DemocraticParty", "万企兴万村", "2023-12"),
]


@pytest.mark.parametrize("target,partner,program,as_of", NATIONAL_CASES)
def test_the_national_summary_agrees_with_the_oracle(loaded, target, partner, program, as_of):
    """The country as the scope (the range of every code; the bench's national rows): the FalkorDB text
    counts covered places from the partners' side there, and reads the total off the provinces."""
    store, fx = loaded
    q, params = load_registry().bind("coverage_summary", dict(within="42", target=target, partner=partner,
                                                               program=program, as_of=as_of),
                                     resolve_place=lambda text: text)
    params.update(within_lo=0, within_hi=10**12, within_code=None)
    summary = store.query(q.text_for(store.name), params).records()
    expected = oracle_uncovered(fx, None, target, partner, program, as_of)
    total = sum(1 for _, d in fx.graph.nodes(data=True) if d.get("level") == target)
    assert summary == [{"total": total, "covered": total - len(expected)}], (params, summary)
    assert 0 < total - len(expected) < total or partner in ("Person", "DemocraticParty"), "a case that tests little"


def _counts_by_code(store) -> dict[str, list[int]]:  # type: ignore[no-untyped-def]
    rows = store.query("MATCH (p:Place) WHERE p.level IN ['province', 'city', 'county', 'township'] "
                       "RETURN p.code AS code, p.villages AS v, p.communities AS c").records()
    return {r["code"]: [r["v"] or 0, r["c"] or 0] for r in rows}  # none yet: no villages below


def _oracle_counts(store) -> dict[str, list[int]]:  # type: ignore[no-untyped-def]
    rows = store.query("MATCH (p:Place) RETURN p.code AS code, p.level AS level").records()
    leaves = [r for r in rows if r["level"] in ("village", "community")]
    return {r["code"]: [sum(1 for v in leaves if v["code"].startswith(r["code"]) and v["level"] == level)
                        for level in ("village", "community")]
            for r in rows if r["level"] in ("province", "city", "county", "township")}


def test_every_write_of_places_keeps_the_village_counts_of_the_places_above(any_store):
    fx = make_fixture(4)
    places = [n for n in fx.nodes if n.id.startswith("place:")]
    upper = [n for n in places if len(n.id) < 18]
    leaves = [n for n in places if len(n.id) == 18]
    links = [e for e in fx.edges if e.type == "PART_OF"]
    any_store.apply(build_changeset(upper, [e for e in links if len(e.source) < 18]))
    for part in (leaves[: len(leaves) // 3], leaves[len(leaves) // 3 :]):  # two writes, the second adds more
        any_store.apply(build_changeset(part, [e for e in links if e.source in {n.id for n in part}]))
        assert _counts_by_code(any_store) == _oracle_counts(any_store)
    assert _counts_by_code(any_store)["42"][0] > 0
    # a place written again (as every loader restates the places of its file) counts once
    any_store.apply(build_changeset(leaves[:3], []))
    assert _counts_by_code(any_store) == _oracle_counts(any_store)


def test_the_place_import_keeps_the_village_counts(places_store):
    from tests.conftest import TEST_COUNTIES, subset_gazetteer

    counts = _counts_by_code(places_store)
    assert counts == _oracle_counts(places_store)
    gaz = subset_gazetteer(*TEST_COUNTIES)
    assert counts["420322"][0] == sum(1 for p in gaz.iter_places(("village",)) if p.code.startswith("420322")) > 100


def test_a_store_written_before_the_counts_gets_them_at_start_up(any_store):
    """tongxin.graph.migrations on either engine: a graph without the village counts (and without the index
    that came with them) gets them from ensure_schema, and only once."""
    from tongxin.graph.migrations import pending

    fx = make_fixture(5)
    any_store.apply(build_changeset(fx.nodes, fx.edges))
    expected = _counts_by_code(any_store)
    any_store.write_query("MATCH (p:Place) REMOVE p.villages, p.communities")
    any_store.write_query("DROP INDEX FOR (n:Township) ON (n.code_num)" if any_store.name == "falkordb"
                          else "DROP INDEX township_code_num")
    assert [m.name for m in pending(any_store._indexes())] == ["place-village-counts"]
    if any_store.name == "falkordb":  # its coverage_summary sums the counts (Neo4j's text counts villages)
        assert _run(any_store, "coverage_summary", within="4203")[0]["total"] == 0  # what it would say
    any_store.ensure_schema()
    assert pending(any_store._indexes()) == []
    assert _counts_by_code(any_store) == expected == _oracle_counts(any_store)
    total = sum(1 for _, d in fx.graph.nodes(data=True) if d.get("level") == "village" and d["code"][:4] == "4203")
    assert _run(any_store, "coverage_summary", within="4203")[0]["total"] == total


def test_uncovered_paging_covers_the_whole_list(loaded):
    store, fx = loaded
    expected = oracle_uncovered(fx, "4203", "village", "any", None, None)
    pages = [r["code"] for off in range(0, len(expected) + 5, 5)
             for r in _run(store, "coverage_uncovered", within="4203", partner="any", limit=5, offset=off)]
    assert pages == expected


@pytest.mark.parametrize("within,target,partner,program,as_of", CASES)
def test_uncovered_pages_are_full_slices_of_the_oracle_list(loaded, within, target, partner, program, as_of):
    # Pages must be exact slices even where covered places sit between uncovered ones in code order:
    # FalkorDB 4.16 can push a LIMIT through a filter into the sort and return short pages.
    store, fx = loaded
    args = dict(within=within, target=target, partner=partner, program=program, as_of=as_of)
    expected = oracle_uncovered(fx, **args)
    for limit in (1, 3, 7):
        for offset in range(0, len(expected) + 2, limit):
            rows = _run(store, "coverage_uncovered", **args, limit=limit, offset=offset)
            assert [r["code"] for r in rows] == expected[offset : offset + limit], (args, limit, offset, rows)


@pytest.mark.parametrize("by,width", [("county", 6), ("township", 9)])
def test_rollup_agrees_with_the_oracle(loaded, by, width):
    store, fx = loaded
    rows = _run(store, "coverage_rollup", within="4203", by=by, partner="any")
    uncovered = set(oracle_uncovered(fx, "4203", "village", "any", None, None))
    expected: dict[str, list[int]] = {}
    for _, d in fx.graph.nodes(data=True):
        if d.get("level") == "village" and d["code"].startswith("4203"):
            agg = expected.setdefault(d["code"][:width], [0, 0])
            agg[0] += 1
            agg[1] += d["code"] not in uncovered
    got = {r["code"]: [r["total"], r["covered"]] for r in rows}
    assert got == expected, (got, expected)
    for r in rows:
        assert r["rate"] == pytest.approx(r["covered"] / r["total"])


def test_shortest_paths_agree_with_networkx(loaded):
    store, fx = loaded
    und = nx.Graph(fx.graph)
    rng = random.Random(7)
    ids = sorted(n for n in fx.graph if not n.startswith("place:4203") or len(n) > 15)
    checked = 0
    for _ in range(15):
        a, b = rng.sample(ids, 2)
        try:
            expected = nx.shortest_path_length(und, a, b)
        except nx.NetworkXNoPath:
            expected = None
        rows = _run(store, "paths", source=a, target=b, max_hops=6, limit=100)
        if expected is None or expected > 6:
            assert rows == [], (a, b, rows)
            continue
        checked += 1
        assert {r["hops"] for r in rows} == {expected}, (a, b, rows)
        want = {tuple(p) for p in nx.all_shortest_paths(und, a, b)}
        got = {tuple(n["id"] for n in r["nodes"]) for r in rows}
        if len(want) <= 100:
            assert got == want, (a, b, got, want)
        for r in rows:  # every edge carries its provenance
            assert all(e["sources"] == [SRC] and e["evidence"] for e in r["edges"]), r
    assert checked >= 5


def test_a_path_from_a_node_to_itself_is_no_path(loaded):
    """source = target: no rows (Neo4j's allShortestPaths refuses a path whose ends are one node)."""
    store, fx = loaded
    partner = next(n.id for n in fx.nodes if not n.id.startswith("place:"))
    for node in (partner, "place:4203"):
        assert _run(store, "paths", source=node, target=node, max_hops=6, limit=100) == []


def test_multi_county_partners_agree_with_the_oracle(loaded):
    store, fx = loaded
    counties: dict[str, set[str]] = {}
    for src, dst, e in fx.graph.edges(data=True):
        if e["type"] == "PAIRED_WITH" and fx.graph.nodes[dst]["code"].startswith("4203"):
            counties.setdefault(src, set()).add(fx.graph.nodes[dst]["code"][:6])
    expected = {k: sorted(v) for k, v in counties.items() if len(v) >= 2}
    rows = _run(store, "multi_county_partners", within="4203", min_counties=2, limit=10000)
    assert {r["id"]: sorted(r["counties"]) for r in rows} == expected


def test_shared_partners_agree_with_the_oracle(loaded):
    store, fx = loaded
    pairs = [(s, d) for s, d, e in fx.graph.edges(data=True) if e["type"] == "PAIRED_WITH"]
    anchor = pairs[0][0]
    mine = {d for s, d in pairs if s == anchor}
    expected: dict[str, set[str]] = {}
    for s, d in pairs:
        if s != anchor and d in mine:
            expected.setdefault(s, set()).add(d)
    rows = _run(store, "shared_partners", id=anchor, limit=10000)
    assert {r["id"]: r["shared"] for r in rows} == {k: len(v) for k, v in expected.items()}


@pytest.mark.parametrize("cleared", [False, True])
def test_a_query_planned_before_the_first_pairing_still_sees_it(falkordb_store, cleared):
    # FalkorDB caches plans per query text; a pattern comprehension planned while PAIRED_WITH did not exist
    # yet kept matching nothing afterwards. The store registers every edge type up front and after clear().
    if cleared:
        falkordb_store.clear()
    nodes = [_place("42", "湖北省"), _place("420301001201", "甲村"), _place("420301001202", "乙村"),
             Node(id="enterprise:甲企业", kind="Enterprise", name="甲企业")]
    falkordb_store.apply(build_changeset(nodes, []))
    before = _run(falkordb_store, "coverage_uncovered", within="42", partner="Enterprise")
    assert [r["code"] for r in before] == ["420301001201", "420301001202"], before
    pairing = Edge(type="PAIRED_WITH", source="enterprise:甲企业", target="place:420301001201",
                   props={"program": "万企兴万村"}, source_id=SRC, evidence="甲企业结对甲村")
    falkordb_store.apply(build_changeset([], [pairing]))
    after = _run(falkordb_store, "coverage_uncovered", within="42", partner="Enterprise")
    assert [r["code"] for r in after] == ["420301001202"], after


# --- search: the engines' texts (Neo4j's looks names up in a full-text index) against plain Python ---------
SEARCH_NAMES = [  # (id, kind, name, aliases); the writer gives each its pinyin keys (textnorm.pinyin_keys)
    ("place:4313", "City", "娄底市", ["婁底地區"]),
    ("place:431382", "County", "涟源市", []),
    ("place:371722", "County", "单县", []),  # 单 is read shan in the place name, dan commonly
    ("place:420322107", "Township", "楼底镇", []),
    ("place:430100100", "Township", "娄店乡", []),
    ("place:420322107201", "Village", "娄底村", []),  # villages have no pinyin
    ("democraticparty:jiusan", "DemocraticParty", "九三学社蚌埠市委会", ["九三学社蚌埠市委", "九三學社蚌埠市委會"]),
    ("enterprise:luzhou", "Enterprise", "泸州老窖集团有限责任公司", ["泸州老窖"]),
    ("enterprise:g318", "Enterprise", "G318国道服务区（东段）", []),
    ("person:lei", "Person", "雷少业", []),
    ("person:trad", "Person", "張明華", []),  # written in traditional characters: 张明华 an alias
    ("program:wqxwc", "Program", "万企兴万村", ["萬企興萬村"]),
]
SEARCHES = ["娄底", "婁底", "底", "loudi", "娄底市", "楼底镇", "婁底地區", "lianyuanshi", "LOUDI", "Lou Di", "lds",
            "九三学社", "市委", "蚌埠市委会", "泸州老窖", "老窖集团", "G318", "g318", "（东段）", "318国道", "張明華",
            "张明华", "zhangminghua", "明", "jiusan", "jsxs", "lei", "leishaoye", "lsy", "laojiao", "luzhoulaojiao",
            "万企", "萬企興", "wanqi", "shanxian", "danxian", "地區", "无此名", "村", "shi", "loudicun"]


def _pinyin_of(name: str, aliases: list[str], kind: str) -> tuple[set[str], set[str]]:
    """(whole keys, tails) of a node, straight from pypinyin: the full reading and the initials of the
    name and each alias, with one character read each other way pypinyin knows; the name's common reading
    from each later syllable on. Villages have none."""
    from pypinyin import Style, pinyin

    from tongxin.textnorm import to_simplified

    if kind == "Village":
        return set(), set()
    keys: set[str] = set()
    tails: set[str] = set()
    for text in [name, *aliases]:
        syls = [[re.sub(r"[^a-z0-9]", "", r.lower()) for r in rs]
                for rs in pinyin(to_simplified(text), style=Style.NORMAL, heteronym=True)]
        syls = [[r for r in rs if r] for rs in syls]
        syls = [rs for rs in syls if rs]
        common = [rs[0] for rs in syls]
        readings = [common] + [[*common[:j], alt, *common[j + 1:]] for j, rs in enumerate(syls) for alt in rs[1:]]
        for reading in readings[:6]:
            keys.add("".join(reading))
            if len(reading) > 1:
                keys.add("".join(s[0] for s in reading))
        tails |= {"".join(common[j:]) for j in range(1, len(common) - 1)}
    return keys, tails - keys


def _search_oracle(q: str, kind: str | None, limit: int) -> list[str]:
    import unicodedata

    from tongxin.textnorm import to_simplified

    norm = to_simplified(unicodedata.normalize("NFKC", q)).strip()
    raw = q.strip() or norm
    py = re.sub(r"[\s']", "", norm).lower()
    py = py if re.fullmatch(r"[a-z][a-z0-9]*", py) else None
    hits = []
    for nid, k, name, aliases in SEARCH_NAMES:
        if kind and k != kind:
            continue
        keys, tails = _pinyin_of(name, aliases, k)
        # the writer gives a node written in traditional characters its simplified name as an alias (not a
        # village)
        texts = [name, *aliases, *([to_simplified(name)] if k != "Village" else [])]
        if (any(norm in t or raw in t for t in texts)
                or (py is not None and any(key.startswith(py) for key in keys | tails))):
            # exact name/alias/pinyin > prefix > contains; then shorter names, larger places (shorter codes), id
            if norm in texts or raw in texts or py in keys:
                rank = 0
            elif (any(t.startswith(norm) or t.startswith(raw) for t in texts)
                  or (py is not None and any(key.startswith(py) for key in keys))):
                rank = 1
            else:
                rank = 2
            code = nid.split(":", 1)[1] if nid.startswith("place:") else ""
            hits.append((rank, len(name), len(code), nid))
    return [h[-1] for h in sorted(hits)][:limit]


@pytest.fixture
def search_store(any_store):  # type: ignore[no-untyped-def]
    nodes = [Node(id=nid, kind=kind, name=name, aliases=aliases,
                  props={"code": nid.split(":", 1)[1]} if nid.startswith("place:") else {})
             for nid, kind, name, aliases in SEARCH_NAMES]
    any_store.apply(build_changeset(nodes, []))
    return any_store


@pytest.mark.parametrize("q", SEARCHES)
def test_search_finds_what_plain_python_finds(search_store, q):
    for kind, limit in ((None, 20), ("Enterprise", 20), (None, 2)):
        got = [r["id"] for r in _run(search_store, "search", q=q, kind=kind, limit=limit)]
        assert got == _search_oracle(q, kind, limit), (q, kind, limit, got)


def test_a_store_written_before_pinyin_keys_gets_them_at_start_up(search_store):
    """tongxin.graph.migrations: a graph whose nodes have no pinyin keys (and no index on them) gets them
    from ensure_schema — people, organisations and programs too, villages not — and search finds them."""
    from tongxin.graph.migrations import pending

    store = search_store
    before = {r["id"]: r for r in store.query("MATCH (n:Entity) RETURN n.id AS id, n.pinyin_keys AS keys, "
                                              "n.pinyin_tails AS tails, n.pinyin AS pinyin").records()}
    store.write_query("MATCH (n:Entity) REMOVE n.pinyin_keys, n.pinyin_tails, n.pinyin")
    store.write_query("DROP INDEX FOR (n:Entity) ON (n.pinyin_keys)" if store.name == "falkordb"
                      else "DROP INDEX entity_pinyin_keys")
    for _ in range(100):  # FalkorDB drops an index in the background: a read may list it for a moment
        if [m.name for m in pending(store._indexes())] == ["pinyin-for-every-kind"]:
            break
        time.sleep(0.1)
    assert [m.name for m in pending(store._indexes())] == ["pinyin-for-every-kind"]
    if store.name == "falkordb":  # (Neo4j's search needs the index)
        assert _run(store, "search", q="leishaoye") == []  # what it would say
    store.ensure_schema()
    assert pending(store._indexes()) == []
    after = {r["id"]: r for r in store.query("MATCH (n:Entity) RETURN n.id AS id, n.pinyin_keys AS keys, "
                                             "n.pinyin_tails AS tails, n.pinyin AS pinyin").records()}
    assert after == before
    assert after["person:lei"]["keys"] == ["leishaoye", "lsy"] and after["place:420322107201"]["keys"] is None
    assert [r["id"] for r in _run(store, "search", q="leishaoye")] == ["person:lei"]
