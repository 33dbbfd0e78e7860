"""A seeded, realistic pairing set over the division tree: the bench's workload besides the places.

`generate(gazetteer, provinces=("43", "42"), enterprises=50_000, seed=7)` returns a `Workload` with

- **万企兴万村 ledgers**: `enterprises` enterprises with valid unified social credit codes (GB 32100,
  completed by `tongxin.loaders.ledger.with_check_character`), paired with `village_share` (60 %) of the
  villages of the given provinces — every chosen village has at least one enterprise (one-to-one), the
  enterprises beyond that share a village with another (many-to-one), and 15 % of the enterprises are
  paired with 1–4 more of the chosen villages of the same county (one-to-many). As ledger rows (one CSV per city, in
  the format `tongxin.loaders.ledger` reads) and as the same Node/Edge batches built directly.
- **党派+社区**: for every city of those provinces, a committee of each of the eight democratic parties
  with 2–6 branches; each branch is paired with 1–2 communities of its city.
- **People**: a chair (主委) for every branch, a chair (董事长) for 3 % of the enterprises (a third of them
  also members of a party branch, which is what links the enterprise world to the party world), and
  特聘村主任 holding a role in a village; a city united-front department and federation of industry
  and commerce that run the programs.

Plain rows of every pairing are kept too (`pairings`), for the in-memory and DuckDB baselines.
Everything is a function of the seed: the same arguments give the same workload.
"""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tongxin.graph.model import Edge, Node, entity_id, place_id
from tongxin.loaders.ledger import with_check_character
from tongxin.places.gazetteer import Gazetteer

LEDGER_PROGRAM = "万企兴万村"
PARTY_PROGRAM = "党派+社区"
PARTIES = ["民革", "民盟", "民建", "民进", "农工党", "致公党", "九三学社", "台盟"]
CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
LEDGER_HEADER = ["企业名称", "统一社会信用代码", "结对村", "区划代码", "所属县区", "所属乡镇", "行动", "结对时间",
                 "项目", "投资额(万元)"]
_WORDS = ["兴农", "富民", "同心", "华夏", "金穗", "绿源", "鑫达", "宏远", "长青", "振兴", "新禾", "瑞丰", "恒通", "德润",
          "天元", "佳和", "顺昌", "嘉禾", "永盛", "惠民"]
_TRADES = ["农业科技", "建材", "食品", "物流", "电子商务", "旅游开发", "茶业", "生态农业", "建筑工程", "医药",
           "纺织", "机械制造", "矿业", "文化传媒", "酒业"]
_FORMS = ["有限公司", "有限责任公司", "股份有限公司", "集团有限公司"]
_PROJECTS = ["产业帮扶", "就业帮扶", "消费帮扶", "公益捐赠", "基础设施建设", "技能培训", "乡村旅游"]
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红文斌玉兰海燕云飞春晓东"


@dataclass
class Pairing:
    """One pairing as plain data (for the baselines)."""

    partner: str  # node id
    kind: str  # Enterprise | DemocraticParty
    target: str  # 12-digit code
    program: str
    since: str


@dataclass
class Workload:
    seed: int
    provinces: tuple[str, ...]
    ledger_rows: dict[str, list[list[str]]]  # file stem -> rows (without header)
    enterprise_nodes: list[Node]
    enterprise_edges: list[Edge]  # PAIRED_WITH, as the ledger loader would state them
    extra_nodes: list[Node]  # parties, people, departments, programs
    extra_edges: list[Edge]
    pairings: list[Pairing]
    stats: dict[str, int] = field(default_factory=dict)

    @property
    def ledger_row_count(self) -> int:
        return sum(len(r) for r in self.ledger_rows.values())

    def write_ledgers(self, directory: Path) -> list[Path]:
        """Write the ledgers as UTF-8 CSV (with BOM, as spreadsheet exports have) into `directory`."""
        directory.mkdir(parents=True, exist_ok=True)
        paths = []
        for stem, rows in sorted(self.ledger_rows.items()):
            path = directory / f"{stem}.csv"
            with path.open("w", encoding="utf-8-sig", newline="") as fh:
                w = csv.writer(fh)
                w.writerow(LEDGER_HEADER)
                w.writerows(rows)
            paths.append(path)
        return paths


def credit_code(rng: random.Random, county: str) -> str:
    """A valid unified social credit code of an enterprise registered in `county`."""
    org = "".join(rng.choice(CREDIT_CHARS) for _ in range(9))
    return with_check_character(f"91{county}{org}")


def _person_name(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))


def _person(rng: random.Random, people: list[str], nodes: list[Node], src: str) -> str:
    name = _person_name(rng)
    pid = entity_id("Person", f"{name}-{len(people)}")
    people.append(pid)
    nodes.append(Node(id=pid, kind="Person", name=name, sources=[src]))
    return pid


def _date(rng: random.Random) -> str:
    return f"{rng.randint(2021, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def generate(
    gazetteer: Gazetteer,
    *,
    provinces: Sequence[str] = ("43", "42"),
    enterprises: int = 50_000,
    village_share: float = 0.6,
    community_share: float = 0.4,
    chair_share: float = 0.03,
    village_heads: int = 500,
    seed: int = 7,
) -> Workload:
    rng = random.Random(seed)
    provinces = tuple(provinces)
    villages = [p for p in gazetteer.iter_places(["village"]) if p.code[:2] in provinces]
    communities = [p for p in gazetteer.iter_places(["community"]) if p.code[:2] in provinces]
    if not villages:
        raise ValueError(f"the gazetteer has no villages in provinces {', '.join(provinces)}")
    chosen = rng.sample(villages, max(1, round(len(villages) * village_share)))
    chosen.sort(key=lambda p: p.code)
    rng.shuffle(chosen)
    by_county: dict[str, list] = defaultdict(list)  # the chosen villages, by county
    for v in chosen:
        by_county[v.code[:6]].append(v)

    # --- enterprises and their villages -----------------------------------------------------------
    assigned: list[list] = []
    for i in range(enterprises):
        first = chosen[i] if i < len(chosen) else rng.choice(chosen)  # one-to-one, then many-to-one
        mine = [first]
        if rng.random() < 0.15:  # one-to-many, within the county
            pool = by_county[first.code[:6]]
            mine += rng.sample(pool, min(len(pool), rng.randint(1, 4)))
        seen: set[str] = set()
        assigned.append([v for v in mine if not (v.code in seen or seen.add(v.code))])  # type: ignore[func-returns-value]

    program_id = entity_id("Program", LEDGER_PROGRAM)
    ent_nodes: list[Node] = []
    ent_edges: list[Edge] = []
    ledger_rows: dict[str, list[list[str]]] = defaultdict(list)
    pairings: list[Pairing] = []
    used_codes: set[str] = set()
    used_names: set[str] = set()
    ent_ids: list[str] = []
    for i, mine in enumerate(assigned):
        county = mine[0].code[:6]
        code = credit_code(rng, county)
        while code in used_codes:
            code = credit_code(rng, county)
        used_codes.add(code)
        city = gazetteer[mine[0].code[:4]]
        stem = city.name if not city.is_pseudo else gazetteer[county].name
        name = f"{stem.removesuffix('市')}{rng.choice(_WORDS)}{rng.choice(_TRADES)}{rng.choice(_FORMS)}"
        if name in used_names:
            name = name.replace("有限", f"第{i}有限", 1)
        used_names.add(name)
        eid = f"enterprise:{code}"
        ent_ids.append(eid)
        ledger = f"台账-{mine[0].code[:4]}"
        source = f"source:ledger-{ledger}"
        ent_nodes.append(Node(id=eid, kind="Enterprise", name=name, props={"credit_code": code}, sources=[source]))
        for v in mine:
            since = _date(rng)
            project = rng.choice(_PROJECTS)
            invest = rng.choice(["", f"{rng.randint(1, 500)}", f"{rng.randint(1, 5000) / 10:.1f}"])
            row = [name, code, v.name, v.code, gazetteer[v.code[:6]].name, gazetteer[v.code[:9]].name,
                   LEDGER_PROGRAM, since, project, invest]
            ledger_rows[ledger].append(row)
            props: dict = {"program": LEDGER_PROGRAM, "since": since, "project": project}
            if invest:
                props["investment"] = float(invest) * 10_000
            evidence = f"{ledger}.csv row {len(ledger_rows[ledger]) + 1}: " + ", ".join(c for c in row if c)
            ent_edges.append(Edge(type="PAIRED_WITH", source=eid, target=place_id(v.code), props=props,
                                  source_id=source, evidence=evidence[:500]))
            pairings.append(Pairing(eid, "Enterprise", v.code, LEDGER_PROGRAM, since))
    ent_nodes.append(Node(id=program_id, kind="Program", name=LEDGER_PROGRAM, sources=sorted(
        {f"source:ledger-{s}" for s in ledger_rows})))
    ent_nodes += [Node(id=f"source:ledger-{s}", kind="Source", name=f"{s}.csv",
                       props={"title": f"{s}.csv", "file": f"{s}.csv", "source_kind": "ledger"},
                       sources=[f"source:ledger-{s}"]) for s in sorted(ledger_rows)]

    # --- democratic parties, departments and people ------------------------------------------------
    src = "source:bench-organisations"
    ev = "generated by bench.generate"
    extra_nodes: list[Node] = [
        Node(id=src, kind="Source", name="bench organisations", props={"source_kind": "report"}, sources=[src]),
        Node(id=entity_id("Program", PARTY_PROGRAM), kind="Program", name=PARTY_PROGRAM, sources=[src]),
    ]
    extra_edges: list[Edge] = []
    cities = sorted({c.code[:4] for c in communities} | {v.code[:4] for v in villages})
    comm_by_city: dict[str, list] = defaultdict(list)
    for c in communities:
        comm_by_city[c.code[:4]].append(c)
    branches: list[str] = []
    people: list[str] = []
    paired_communities = 0
    for ccode in cities:
        city = gazetteer[ccode]
        cname = city.name if not city.is_pseudo else gazetteer[ccode[:2]].name
        ufwd = entity_id("UnitedFrontDept", f"{cname}委统战部", ccode)
        fed = entity_id("Federation", f"{cname}工商联", ccode)
        extra_nodes += [
            Node(id=ufwd, kind="UnitedFrontDept", name=f"{cname}委统战部", props={"place_id": place_id(ccode)},
                 sources=[src]),
            Node(id=fed, kind="Federation", name=f"{cname}工商联", props={"place_id": place_id(ccode)},
                 sources=[src]),
        ]
        for org in (ufwd, fed):
            extra_edges.append(Edge(type="LOCATED_IN", source=org, target=place_id(ccode), source_id=src, evidence=ev))
            extra_edges.append(Edge(type="RUNS", source=org, target=program_id, source_id=src, evidence=ev))
        extra_edges.append(Edge(type="RUNS", source=ufwd, target=entity_id("Program", PARTY_PROGRAM), source_id=src,
                                evidence=ev))
        pool = comm_by_city.get(ccode, [])
        for party in PARTIES:
            cid = entity_id("DemocraticParty", f"{party}{cname}委", ccode)
            extra_nodes.append(Node(id=cid, kind="DemocraticParty", name=f"{party}{cname}委",
                                    props={"place_id": place_id(ccode)}, sources=[src]))
            extra_edges.append(Edge(type="LOCATED_IN", source=cid, target=place_id(ccode), source_id=src, evidence=ev))
            for b in range(rng.randint(2, 6)):
                bname = f"{party}{cname}委第{b + 1}支部"
                bid = entity_id("DemocraticParty", bname, ccode)
                branches.append(bid)
                extra_nodes.append(Node(id=bid, kind="DemocraticParty", name=bname,
                                        props={"place_id": place_id(ccode)}, sources=[src]))
                extra_edges.append(Edge(type="PART_OF", source=bid, target=cid, source_id=src, evidence=ev))
                chair = _person(rng, people, extra_nodes, src)
                extra_edges.append(Edge(type="HOLDS_ROLE", source=chair, target=bid, props={"title": "主委"},
                                        source_id=src, evidence=ev))
                extra_edges.append(Edge(type="MEMBER_OF", source=chair, target=bid, source_id=src, evidence=ev))
                if pool and rng.random() < community_share * 2:
                    for comm in rng.sample(pool, min(len(pool), rng.randint(1, 2))):
                        since = _date(rng)
                        extra_edges.append(Edge(type="PAIRED_WITH", source=bid, target=place_id(comm.code),
                                                props={"program": PARTY_PROGRAM, "since": since}, source_id=src,
                                                evidence=f"{bname} 结对 {comm.name}"))
                        pairings.append(Pairing(bid, "DemocraticParty", comm.code, PARTY_PROGRAM, since))
                        paired_communities += 1
    for eid in rng.sample(ent_ids, max(1, round(len(ent_ids) * chair_share))):
        pid = _person(rng, people, extra_nodes, src)
        extra_edges.append(Edge(type="HOLDS_ROLE", source=pid, target=eid, props={"title": "董事长"}, source_id=src,
                                evidence=ev))
        if rng.random() < 1 / 3:
            extra_edges.append(Edge(type="MEMBER_OF", source=pid, target=rng.choice(branches), source_id=src,
                                    evidence=ev))
    for v in rng.sample(villages, min(len(villages), village_heads)):
        pid = _person(rng, people, extra_nodes, src)
        extra_edges.append(Edge(type="HOLDS_ROLE", source=pid, target=place_id(v.code), props={"title": "特聘村主任"},
                                source_id=src, evidence=ev))
    stats = {
        "villages_in_provinces": len(villages),
        "communities_in_provinces": len(communities),
        "villages_paired": len({p.target for p in pairings if p.kind == "Enterprise"}),
        "enterprises": len(ent_ids),
        "enterprise_pairings": len(ent_edges),
        "ledger_files": len(ledger_rows),
        "party_branches": len(branches),
        "party_pairings": paired_communities,
        "people": len(people),
        "extra_nodes": len(extra_nodes),
        "extra_edges": len(extra_edges),
    }
    return Workload(seed, provinces, dict(ledger_rows), ent_nodes, ent_edges, extra_nodes, extra_edges, pairings,
                    stats)
