"""Issue 21, items 5 and 6: dates are periods, not text; claims are compared with the facts that mean them.

Dates: a partial date (2021, 2021-06) stands for its whole period, a date that does not exist is refused
naming its field, and `as_of` counts a pairing whose period can overlap the date's. Claims: `claims_vs_found`
counts the claimed subject joined by the claimed relation under the claimed program within the claimed place,
as of the claim's date — checked against the three cases of the issue and a plain-Python count of the same
graph, on each engine."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.conftest import graph_fingerprint, national_resolver
from tests.test_catalogue_oracle import in_force
from tongxin.errors import BadParameter, InvalidData
from tongxin.graph import dates
from tongxin.graph.model import Edge
from tongxin.loaders.caserecord import bundled_case_records, load_case_record
from tongxin.loaders.ledger import load_ledger
from tongxin.queries.registry import code_range, load_registry

SAMPLE = Path(__file__).resolve().parent.parent / "tongxin" / "data" / "sample" / "示例数据-万企兴万村台账.csv"


# --- dates ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,lo,hi", [
    ("2021", 20210101, 20211231), ("2021-06", 20210601, 20210630), ("2024-02", 20240201, 20240229),
    ("2021-06-15", 20210615, 20210615),
])
def test_a_partial_date_is_its_whole_period(text, lo, hi):
    period = dates.parse(text)
    assert (period.text, period.lo, period.hi) == (text, lo, hi)


@pytest.mark.parametrize("text,why", [
    ("2021-13", "no month 13"), ("2021-00", "no month 0"), ("2023-02-29", "no day 29"), ("2021-6", "not a date"),
    ("21", "not a date"), ("2021-06-31", "no day 31"), ("2021/06", "not a date"),
])
def test_a_date_that_does_not_exist_is_refused_with_why(text, why):
    assert why in (dates.problem(text) or ""), text
    with pytest.raises(BadParameter) as exc:
        load_registry().bind("coverage_summary", {"within": "4203", "as_of": text}, resolve_place=lambda t: t)
    assert exc.value.name == "as_of" and why in str(exc.value)


def test_an_edge_keeps_the_bounds_of_its_dates_and_never_takes_them_as_given():
    e = Edge(type="PAIRED_WITH", source="enterprise:x", target="place:420322100200", source_id="source:x",
             evidence="x", props={"program": "万企兴万村", "since": "2021", "until": "2023-06", "since_lo": 1})
    assert e.props["since_lo"] == 20210101 and e.props["until_hi"] == 20230630
    assert e.props["since"] == "2021" and e.props["until"] == "2023-06"  # what the source said


def _ledger(path: Path, rows: list[list[str]], header: tuple[str, ...] = ("企业名称", "结对村", "区划代码", "结对时间",
                                                                           "结束时间", "行动")) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def _villages(store, county: str, n: int) -> list[tuple[str, str]]:
    lo, hi = code_range(county)
    rows = store.query("MATCH (v:Village) WHERE v.code_num >= $lo AND v.code_num < $hi "
                       "RETURN v.code AS code, v.name AS name ORDER BY code LIMIT $n",
                       {"lo": lo, "hi": hi, "n": n}).records()
    return [(r["code"], r["name"]) for r in rows]


def _covered(store, within: str, as_of: str | None) -> int:
    q, params = load_registry().bind("coverage_summary", {"within": within, "partner": "any", "as_of": as_of},
                                     resolve_place=lambda t: t)
    return store.query(q.text_for(store.name), params).records()[0]["covered"]


def test_as_of_a_year_counts_the_pairings_in_force_during_it(places_store, tmp_path):
    """Why: `as_of=2021` excluded `since=2021-01-01` (text compared); a pairing "since 2021" is in force on
    2021-06-30; an end column says when a pairing ended."""
    (a, an), (b, bn), (c, cn), (d, dn) = _villages(places_store, "431382", 4)
    load_ledger(places_store, _ledger(tmp_path / "dated.csv", [
        ["甲公司", an, a, "2021-01-01", "", ""],
        ["乙公司", bn, b, "2021", "", ""],
        ["丙公司", cn, c, "2019-03", "2020", ""],  # ended in 2020
        ["丁公司", dn, d, "2022-01", "2023-06-30", ""],
    ]), resolver=national_resolver())
    assert _covered(places_store, "431382", "2021") == 2  # 甲 and 乙 (text comparison: 乙 only)
    assert _covered(places_store, "431382", "2021-06-30") == 2
    assert _covered(places_store, "431382", "2020-12") == 1  # 丙's last month
    assert _covered(places_store, "431382", "2020-12-31") == 1
    assert _covered(places_store, "431382", "2021-01") == 2  # 丙 ended, 甲 and 乙 began
    assert _covered(places_store, "431382", "2023-07") == 2  # 丁 ended on 2023-06-30
    assert _covered(places_store, "431382", "2023") == 3
    assert _covered(places_store, "431382", None) == 4
    ends = places_store.query("MATCH ()-[r:PAIRED_WITH]->(v:Village {code: $c}) RETURN r.until AS until, "
                              "r.until_hi AS hi, r.since AS since, r.since_lo AS lo", {"c": c}).records()
    assert ends == [{"until": "2020", "hi": 20201231, "since": "2019-03", "lo": 20190301}]


@pytest.mark.parametrize("row,column,why", [
    (["甲公司", "{name}", "{code}", "2021-13", "", ""], "since", "2021-13"),
    (["甲公司", "{name}", "{code}", "2021", "2021-02-30", ""], "until", "2021-02-30"),
    (["甲公司", "{name}", "{code}", "2021-06", "2021-05", ""], "until", "before the pairing began"),
])
def test_a_ledger_date_that_is_wrong_is_refused_naming_row_and_column(places_store, tmp_path, row, column, why):
    ((code, name),) = _villages(places_store, "431382", 1)
    good = ["乙公司", name, code, "2021", "", ""]
    path = _ledger(tmp_path / "bad.csv", [good, [v.format(name=name, code=code) for v in row]])
    before = graph_fingerprint(places_store)
    with pytest.raises(InvalidData) as exc:
        load_ledger(places_store, path, resolver=national_resolver())
    (p,) = exc.value.problems
    assert (p.file, p.line, p.field) == (str(path), 3, column) and why in p.message, p
    assert graph_fingerprint(places_store) == before  # nothing written


def test_a_case_record_date_that_does_not_exist_is_refused_with_its_field(places_store, tmp_path):
    (tmp_path / "r.txt").write_text("甲公司与东园村结对。", encoding="utf-8")
    rec = tmp_path / "r.yaml"
    rec.write_text("""source: {id: bad-dates, title: t, file: r.txt, date: "2021-13"}
entities:
  - {ref: dy, kind: Place, name: 东园村, context: [涟源市, 杨市镇]}
  - {ref: a, kind: Enterprise, name: 甲公司}
relations:
  - {type: PAIRED_WITH, from: a, to: dy, since: "2021-06", until: "2021-02-30", evidence: 甲公司与东园村结对}
""", encoding="utf-8")
    before = graph_fingerprint(places_store)
    for any_date in (False, True):  # --any-date lifts the range, never the calendar
        with pytest.raises(InvalidData) as exc:
            load_case_record(places_store, rec, resolver=national_resolver(), any_date=any_date)
        got = {(p.field, p.line) for p in exc.value.problems}
        assert ("source.date", 1) in got and ("relations[0].until", 6) in got, exc.value.problems
        assert all(p.file == str(rec) for p in exc.value.problems)
    assert graph_fingerprint(places_store) == before


# --- claims -----------------------------------------------------------------------------------------

def _claims(store, within: str | None = None) -> dict[str, dict]:
    raw = {"within": within} if within else {}
    q, params = load_registry().bind("claims_vs_found", raw, resolve_place=lambda t: t)
    return {r["id"]: r for r in store.query(q.text_for(store.name), params).records()}


@pytest.fixture
def seeded(places_store):
    """The seed records and the sample ledger (万企兴万村 pairings in 娄星区 and 涟源市, among others)."""
    for path in bundled_case_records():
        load_case_record(places_store, path, resolver=national_resolver())
    load_ledger(places_store, SAMPLE, resolver=national_resolver())
    return places_store


def oracle_claims(store) -> dict[str, int | None]:
    """claims_vs_found's `found`, counted in plain Python from every node and edge of the graph."""
    nodes = {r["id"]: r for r in store.query(
        "MATCH (n) RETURN n.id AS id, labels(n) AS labels, properties(n) AS p", {}).records()}
    edges = store.query("MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS a, b.id AS b, properties(r) AS p",
                        {}).records()
    located: dict[str, set[int]] = {}
    for e in edges:
        if e["type"] == "LOCATED_IN" and "code_num" in nodes[e["b"]]["p"]:
            located.setdefault(e["a"], set()).add(nodes[e["b"]]["p"]["code_num"])
    for nid, n in nodes.items():
        home = nodes.get(n["p"].get("place_id") or "")
        if home is not None and "Organisation" in n["labels"]:
            located.setdefault(nid, set()).add(home["p"]["code_num"])
    out: dict[str, int | float | None] = {}
    for e in edges:
        if e["type"] != "ABOUT" or "Place" not in nodes[e["b"]]["labels"]:
            continue
        c, place = nodes[e["a"]]["p"], nodes[e["b"]]["p"]
        if (c.get("relation") is None and c.get("program") is None) or (
                c.get("amount") is None and c.get("subject") is None) or (
                c.get("amount") is not None and c.get("relation") is None):
            out[c["id"]] = None  # nothing says what it counts, or it is a figure of what the graph holds no facts of
            continue
        lo, hi = place["code_num"], place["code_end"]
        found = set()
        summed: dict[int, float] = {}  # edge index → its sum of money (an amount claim)
        for k, f in enumerate(edges):
            for x, y in ((f["a"], f["b"]), (f["b"], f["a"])):
                nx_, ny = nodes[x], nodes[y]
                if (c.get("subject") and c["subject"] not in nx_["labels"]) or (
                        c.get("target") and c["target"] not in ny["labels"]):
                    continue
                if c.get("relation") and f["type"] != c["relation"]:
                    continue
                if c.get("program") and f["p"].get("program") != c["program"] and not (
                        "Program" in ny["labels"] and ny["p"]["name"] == c["program"]):
                    continue
                if c.get("as_of") and not in_force(f["p"], c["as_of"]):
                    continue
                places = [n["p"]["code_num"] for n in (nx_, ny) if "Place" in n["labels"]]
                if not places and "Organisation" in nx_["labels"]:
                    places = list(located.get(x, ()))
                if any(lo <= at < hi for at in places):
                    found.add(x)
                    money = f["p"].get("amount", f["p"].get("investment"))
                    if money is not None:
                        summed[k] = money
        if c.get("amount") is not None:
            out[c["id"]] = sum(summed.values()) if summed else None
        else:
            out[c["id"]] = len(found)
    return out


def test_claims_count_what_they_claim(seeded):
    """The three Why cases of issue 21, and every claim against a plain-Python count."""
    rows = _claims(seeded, "4313")
    sites = rows["claim:loudi-2021-sitong/loudi-2-xiangcun-villages"]
    # was found 0 although program_sites returns both villages
    q, params = load_registry().bind("program_sites", {"program": "同心乡村", "within": "4313"},
                                     resolve_place=lambda t: t)
    both = {r["id"] for r in seeded.query(q.text_for(seeded.name), params).records()}
    assert sites["claimed"] == 2 and sites["found"] == 2 and set(sites["found_items"]) == both, sites
    assert sites["found_sources"] == ["source:loudi-2021-sitong"] and sites["quote"].startswith("娄底经济开发区")
    # was found 18, counted from 万企兴万村 rows of the sample ledger: no village has a liaison recorded
    liaisons = rows["claim:loudi-2021-sitong/loudi-1120-villages"]
    assert liaisons["claimed"] == 1120 and liaisons["found"] == 0 and liaisons["found_sources"] == [], liaisons
    paired = seeded.query("MATCH ()-[r:PAIRED_WITH]->(v:Village) WHERE v.code_num >= 431300000000 "
                          "AND v.code_num < 431400000000 RETURN count(DISTINCT v) AS n", {}).records()[0]["n"]
    assert paired >= 18  # the pairings it used to count are there
    # a claim that says neither relation nor program counts nothing it cannot name
    assert rows["claim:loudi-2021-sitong/jiexin-507-members"]["found"] is None
    everywhere = _claims(seeded)
    expected = oracle_claims(seeded)
    assert {k: r["found"] for k, r in everywhere.items()} == expected
    assert len(everywhere) > 30 and sum(1 for n in expected.values() if n) >= 4  # not all nothing


def test_pairings_that_began_after_a_claim_do_not_count_toward_it(places_store, tmp_path):
    """Why: pairings that began after a claim's date counted toward it."""
    (a, an), (b, bn), (c, cn), (d, dn) = _villages(places_store, "431382", 4)
    (tmp_path / "r.txt").write_text("截至2021年6月，涟源市已有3个村与企业结对帮扶。", encoding="utf-8")
    rec = tmp_path / "r.yaml"
    rec.write_text("""source: {id: lianyuan-claim, title: t, file: r.txt, date: "2021-07-01"}
entities:
  - {ref: ly, kind: Place, name: 涟源市}
  - {ref: wq, kind: Program, name: 万企兴万村}
claims:
  - {ref: three, about: ly, program: wq, subject: Village, relation: PAIRED_WITH, target: Enterprise, count: 3,
     as_of: "2021-06", statement: 涟源市3个村与企业结对, evidence: 已有3个村与企业结对帮扶}
  - {ref: undated, about: ly, program: wq, subject: Enterprise, relation: PAIRED_WITH, count: 3,
     statement: 涟源市3家企业结对, evidence: 已有3个村与企业结对帮扶}
""", encoding="utf-8")
    load_case_record(places_store, rec, resolver=national_resolver())
    load_ledger(places_store, _ledger(tmp_path / "lianyuan.csv", [
        ["甲公司", an, a, "2021-03", "", "万企兴万村"],
        ["乙公司", bn, b, "2021", "", "万企兴万村"],  # the year of the claim: may have begun by June
        ["丙公司", cn, c, "2021-07-02", "", "万企兴万村"],  # after the claim's date and the report's
        ["丁公司", dn, d, "2020", "2020-12", "万企兴万村"],  # ended before
        ["戊公司", dn, d, "2021-01", "", "党派+社区"],  # another program
    ]), resolver=national_resolver())
    rows = _claims(places_store, "431382")
    three = rows["claim:lianyuan-claim/three"]
    assert (three["claimed"], three["found"], three["as_of"]) == (3, 2, "2021-06"), three
    assert set(three["found_items"]) == {f"place:{a}", f"place:{b}"}
    assert three["found_sources"] == ["source:ledger-lianyuan.csv"] and three["source"] == "source:lianyuan-claim"
    undated = rows["claim:lianyuan-claim/undated"]  # as of its report's date, 2021-07-01
    assert (undated["as_of"], undated["found"]) == ("2021-07-01", 2), undated
    assert {k: r["found"] for k, r in rows.items()} == oracle_claims(places_store)


def test_an_amount_claim_sums_the_money_of_the_edges_it_names(places_store, tmp_path):
    """An amount claim (6.6万元 donated in 涟源市) is compared with the sum of `amount` on the DONATES_TO edges
    within its place (an organisation's edge by the place it belongs to, an edge between two organisations
    once); INVESTS_IN money and edges elsewhere are not part of it; null when no edge carries a sum."""
    (a, an), (b, bn), (c, cn) = _villages(places_store, "431382", 3)
    ((far, elsewhere),) = _villages(places_store, "420322", 1)
    text = (f"涟源市爱心企业共捐赠6.6万元。甲公司向{an}捐赠2万元，乙公司向{bn}捐赠3.6万元，甲公司向涟源市乙商会捐赠1万元，"
            f"丙公司投资100万元在{cn}建厂，丁公司向{elsewhere}捐赠5万元。戊公司向{an}捐赠图书。")
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    rec = tmp_path / "r.yaml"
    rec.write_text(f"""source: {{id: lianyuan-money, title: t, file: r.txt, date: "2022-05"}}
entities:
  - {{ref: ly, kind: Place, name: 涟源市}}
  - {{ref: a, kind: Place, name: {an}, code: "{a}"}}
  - {{ref: b, kind: Place, name: {bn}, code: "{b}"}}
  - {{ref: c, kind: Place, name: {cn}, code: "{c}"}}
  - {{ref: far, kind: Place, name: {elsewhere}, code: "{far}"}}
  - {{ref: jia, kind: Enterprise, name: 甲公司}}
  - {{ref: yi, kind: Enterprise, name: 乙公司}}
  - {{ref: bing, kind: Enterprise, name: 丙公司}}
  - {{ref: ding, kind: Enterprise, name: 丁公司}}
  - {{ref: wu, kind: Enterprise, name: 戊公司}}
  - {{ref: sh, kind: Association, name: 涟源市乙商会, place: ly}}
relations:
  - {{type: DONATES_TO, from: jia, to: a, amount: 20000, evidence: 甲公司向{an}捐赠2万元}}
  - {{type: DONATES_TO, from: yi, to: b, amount: 36000, evidence: 乙公司向{bn}捐赠3.6万元}}
  - {{type: DONATES_TO, from: jia, to: sh, amount: 10000, evidence: 甲公司向涟源市乙商会捐赠1万元}}
  - {{type: INVESTS_IN, from: bing, to: c, amount: 1000000, evidence: 丙公司投资100万元在{cn}建厂}}
  - {{type: DONATES_TO, from: ding, to: far, amount: 50000, evidence: 丁公司向{elsewhere}捐赠5万元}}
  - {{type: DONATES_TO, from: wu, to: a, evidence: 戊公司向{an}捐赠图书}}
claims:
  - {{ref: gifts, about: ly, relation: DONATES_TO, amount: 66000, as_written: 6.6万元, statement: 涟源市爱心企业共捐赠6.6万元,
     evidence: 涟源市爱心企业共捐赠6.6万元}}
  - {{ref: by-enterprises, about: ly, subject: Enterprise, relation: DONATES_TO, target: Village, amount: 66000,
     as_written: 6.6万元, statement: 涟源市爱心企业共捐赠6.6万元, evidence: 涟源市爱心企业共捐赠6.6万元}}
  - {{ref: by-people, about: ly, subject: Person, relation: DONATES_TO, amount: 66000, as_written: 6.6万元,
     statement: 涟源市爱心企业共捐赠6.6万元, evidence: 涟源市爱心企业共捐赠6.6万元}}
  - {{ref: donors, about: ly, subject: Enterprise, relation: DONATES_TO, count: 3, statement: 3家企业捐赠,
     evidence: 涟源市爱心企业共捐赠6.6万元}}
""", encoding="utf-8")
    load_case_record(places_store, rec, resolver=national_resolver())
    stored = places_store.query("MATCH (c:Claim {id: 'claim:lianyuan-money/gifts'}) RETURN c.amount AS amount, "
                                "c.as_written AS w, c.count AS count", {}).records()
    assert stored == [{"amount": 66000, "w": "6.6万元", "count": None}]
    rows = _claims(places_store, "431382")
    gifts = rows["claim:lianyuan-money/gifts"]
    assert (gifts["measure"], gifts["claimed"], gifts["as_written"]) == ("amount", 66000, "6.6万元"), gifts
    assert gifts["found"] == 66000, gifts  # 2万 + 3.6万 + 1万; not 丙's investment, not 丁's gift elsewhere
    assert gifts["found_sources"] == ["source:lianyuan-money"]
    assert rows["claim:lianyuan-money/by-enterprises"]["found"] == 56000  # to villages only
    assert rows["claim:lianyuan-money/by-people"]["found"] is None  # no person gave: nothing to sum
    donors = rows["claim:lianyuan-money/donors"]
    assert (donors["measure"], donors["claimed"], donors["found"], donors["as_written"]) == ("count", 3, 3, None)  # 甲, 乙, 戊
    assert {k: r["found"] for k, r in rows.items()} == oracle_claims(places_store)


@pytest.mark.parametrize("claim,why", [
    ("{ref: x, about: ly, subject: Village, count: 3, amount: 30000, as_written: 3万元}", "not both"),
    ("{ref: x, about: ly, subject: Village, relation: PAIRED_WITH}", "gives neither"),
    ("{ref: x, about: ly, relation: PAIRED_WITH, count: 3}", "needs `subject`"),
    ("{ref: x, about: ly, relation: SITE_OF, amount: 30000, as_written: 3万元, what: 租金}", "DONATES_TO, INVESTS_IN"),
    ("{ref: x, about: ly, relation: SITE_OF, amount: 30000, as_written: 3万元}", "DONATES_TO, INVESTS_IN"),
    ("{ref: x, about: ly, relation: DONATES_TO, amount: 30000}", "needs `as_written`"),
    ("{ref: x, about: ly, relation: DONATES_TO, amount: 30000, as_written: 3万元, total: 5}", "`total`"),
    ("{ref: x, about: ly, relation: DONATES_TO, amount: 30000, as_written: 3万}", None),
    ("{ref: x, about: ly, relation: DONATES_TO, amount: 3000, as_written: 3万元}", "does not agree"),
    ("{ref: x, about: ly, relation: DONATES_TO, amount: 30000, as_written: 三万元}", "not a sum of money"),
    ("{ref: x, about: ly, subject: Village, count: 3, as_written: 3个}", "does not come to `count` 3"),
    ("{ref: x, about: ly, subject: Person, relation: MEMBER_OF, count: 12000, as_written: 1.2万人}", None),
    ("{ref: x, about: ly, subject: Source, relation: DONATES_TO, amount: 30000, as_written: 3万元}",
     "never joins a node of kind Source"),
])
def test_an_amount_claim_that_does_not_add_up_is_refused_on_its_line(places_store, tmp_path, claim, why):
    (tmp_path / "r.txt").write_text("涟源市企业共捐赠3万元。", encoding="utf-8")
    rec = tmp_path / "r.yaml"
    rec.write_text(f"""source: {{id: money-claim, title: t, file: r.txt}}
entities:
  - {{ref: ly, kind: Place, name: 涟源市}}
claims:
  - {{ref: ok, about: ly, relation: INVESTS_IN, amount: 1000, as_written: 1000元, statement: s, evidence: 共捐赠3万元}}
  - {claim[:-1]}, statement: s, evidence: 共捐赠3万元}}
""", encoding="utf-8")
    before = graph_fingerprint(places_store)
    if why is None:  # 3万 is 30000 yuan as well; 1.2万人 is 12000 people
        load_case_record(places_store, rec, resolver=national_resolver())
        assert {r["claimed"] for r in _claims(places_store).values()} == {1000, 30000 if "3万" in claim else 12000}
        return
    with pytest.raises(InvalidData) as exc:
        load_case_record(places_store, rec, resolver=national_resolver())
    (p,) = exc.value.problems
    assert p.line == 6 and p.field.startswith("claims[1]") and why in p.message, p
    assert graph_fingerprint(places_store) == before


def test_a_figure_of_what_the_graph_holds_no_facts_of_loads_and_counts_nothing(seeded, tmp_path):
    """139户贫困户 and 村集体经济增收94.4万元 say `what` they are instead of a node kind or an edge type: they load,
    and claims_vs_found finds nothing for them, even under a program whose pairings are in the place."""
    (tmp_path / "r.txt").write_text("涟源市万企兴万村行动中，低收入户共有139户，村集体经济增收94.4万元。", encoding="utf-8")
    rec = tmp_path / "r.yaml"
    rec.write_text("""source: {id: figures, title: t, file: r.txt}
entities:
  - {ref: ly, kind: Place, name: 涟源市}
  - {ref: wq, kind: Program, name: 万企兴万村}
claims:
  - {ref: households, about: ly, program: wq, what: 低收入户, count: 139, statement: s, evidence: 低收入户共有139户}
  - {ref: income, about: ly, program: wq, what: 村集体经济增收, amount: 944000, as_written: 94.4万元, statement: s,
     evidence: 村集体经济增收94.4万元}
  - {ref: partners, about: ly, program: wq, subject: Enterprise, count: 3, statement: s, evidence: 万企兴万村}
""", encoding="utf-8")
    load_case_record(seeded, rec, resolver=national_resolver())
    rows = _claims(seeded, "4313")
    households, income = rows["claim:figures/households"], rows["claim:figures/income"]
    assert (households["measure"], households["claimed"], households["what"], households["found"]) == (
        "count", 139, "低收入户", None), households
    assert (income["measure"], income["claimed"], income["as_written"], income["found"]) == (
        "amount", 944000, "94.4万元", None), income
    # the program's pairings in 涟源市 (the sample ledger) are there: a figure of something else is not counted
    assert rows["claim:figures/partners"]["found"] > 0, rows["claim:figures/partners"]
    assert {k: r["found"] for k, r in _claims(seeded).items()} == oracle_claims(seeded)


def test_a_claim_that_cannot_count_what_it_says_is_refused(places_store, tmp_path):
    (tmp_path / "r.txt").write_text("涟源市有3个示范点。", encoding="utf-8")
    rec = tmp_path / "r.yaml"
    rec.write_text("""source: {id: bad-claim, title: t, file: r.txt}
entities:
  - {ref: ly, kind: Place, name: 涟源市}
claims:
  - {ref: a, about: ly, subject: Village, relation: RUNS, count: 3, statement: s, evidence: 有3个示范点}
  - {ref: b, about: ly, subject: Enterprise, relation: PAIRED_WITH, target: Program, count: 3, statement: s,
     evidence: 有3个示范点}
  - {ref: c, about: ly, subject: Village, target: Villager, count: 3, statement: s, evidence: 有3个示范点}
""", encoding="utf-8")
    before = graph_fingerprint(places_store)
    with pytest.raises(InvalidData) as exc:
        load_case_record(places_store, rec, resolver=national_resolver())
    got = {(p.field, p.line) for p in exc.value.problems}
    assert got == {("claims[0].relation", 5), ("claims[1].relation", 6), ("claims[2].target", 8)}, exc.value.problems
    assert graph_fingerprint(places_store) == before


# --- graphs written before the bounds -------------------------------------------------------------

DATES = ["2021", "2021-02", "2024-02", "2000-02", "1900-02", "2021-04", "2021-06-15", "2021-12", "2020-12-31"]


def test_a_graph_written_before_the_bounds_gets_them_at_start_up(any_store):
    """graph/migrations.py date-bounds, on either engine: edges and claims that have only the text of their
    dates get the same bounds a write computes (tongxin.graph.dates), once."""
    from tongxin.graph.migrations import pending
    from tongxin.graph.model import Node
    from tongxin.graph.writer import build_changeset

    nodes = [Node(id="place:42", kind="Province", name="湖北省", props={"code": "42", "code_num": 42 * 10**10,
                                                                        "code_end": 43 * 10**10}),
             Node(id="source:x", kind="Source", name="x")]
    edges = []
    for i, d in enumerate(DATES):
        nodes.append(Node(id=f"enterprise:e{i}", kind="Enterprise", name=f"e{i}"))
        edges.append(Edge(type="PAIRED_WITH", source=f"enterprise:e{i}", target="place:42", source_id="source:x",
                          evidence="x", props={"program": "p", "since": d, "until": DATES[-1 - i]}))
        lo, hi = dates.parse(d).lo, dates.parse(d).hi
        nodes.append(Node(id=f"claim:x/{i}", kind="Claim", name="c", props={
            "statement": "c", "as_of": d, "as_of_lo": lo, "as_of_hi": hi}))
    any_store.apply(build_changeset(nodes, edges))
    read = ("MATCH (a)-[r:PAIRED_WITH]->() RETURN a.id AS id, r.since_lo AS lo, r.until_hi AS hi ORDER BY id",
            "MATCH (c:Claim) RETURN c.id AS id, c.as_of_lo AS lo, c.as_of_hi AS hi ORDER BY id")
    expected = [any_store.query(q, {}).records() for q in read]
    assert expected[0][0] == {"id": "enterprise:e0", "lo": 20210101, "hi": 20201231}
    any_store.write_query("MATCH ()-[r:PAIRED_WITH]->() REMOVE r.since_lo, r.until_hi")
    any_store.write_query("MATCH (c:Claim) REMOVE c.as_of_lo, c.as_of_hi")
    any_store.write_query("DROP INDEX FOR (n:Claim) ON (n.as_of_hi)" if any_store.name == "falkordb"
                          else "DROP INDEX claim_as_of_hi")
    assert [m.name for m in pending(any_store._indexes())] == ["date-bounds"]
    any_store.ensure_schema()
    assert pending(any_store._indexes()) == []
    assert [any_store.query(q, {}).records() for q in read] == expected
