"""The keys that decide which records denote one node: one node per real enterprise, organisation and person.

A key is a node id (`kind:…`), deterministic and readable, built the same way by every loader:

* **Enterprise** — `enterprise:<统一社会信用代码>` when the source gives a valid code (python-stdnum's
  `stdnum.cn.uscc`); otherwise `enterprise:<name>@<city code>`, where the name is in normal form (NFKC —
  full width to half width —, simplified, no spaces, lower case, brackets dropped: 湖南涟邵建材（集团）有限公司
  = 湖南涟邵建材(集团)有限公司 = 湖南漣邵建材集團有限公司) and the city code the first four digits of the place
  the source ties it to (a company registers in a city: `enterprise:郧西县津城建材有限公司@4203`). A name
  without a legal form (`LEGAL_FORM_ENDINGS`: a report's 泸州老窖, 津城建材) is a short form that may stand
  for several companies of one city: it is keyed within its source, `enterprise:<name>@<source slug>`.
  The legal form stays in the key: removing it (`enterprise_core`: 有限责任公司, 有限公司, 公司, 集团)
  merged different companies on the labelled set (precision 0.73, bench/bench_entities.py; docs/
  benchmarks.md), so names that differ only in it (泸州老窖 / 泸州老窖集团) are candidates with the
  evidence `shared_names`, for a reviewer, not one node.
* **Organisation** (a party committee, 统战部, association, …) — `<kind>:<normal name>@<place code>`: such a
  body is always of a place. A name the graph already holds as the name or an alias of an organisation of
  the same kind and place is that organisation (`alias_index`): 九三学社蚌埠市委 listed as an alias of
  `…九三学社蚌埠市委会@3403` loads onto that node.
* **Person** — `person:<normal name>@<place code>` when the source ties the person to a place, else
  `person:<normal name>@<source slug>`: namesakes from different places or reports are different nodes
  until a judgement (tongxin.entities.judgements) says they are one.
* Everything else (programs) — `<kind>:<normal name>[@<place code>]`, as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from stdnum.cn import uscc
from stdnum.exceptions import ValidationError

from tongxin.errors import InvalidData, Problem
from tongxin.graph.model import entity_id, kind_of_id, normalise_name
from tongxin.graph.ontology import Ontology, load_ontology
from tongxin.graph.stores.base import GraphStore

__all__ = [
    "ENTERPRISE_SUFFIXES", "AliasIndex", "alias_index", "credit_code", "enterprise_core", "enterprise_key",
    "enterprise_name", "has_legal_form", "key_for",
    "match_alias", "organisation_key", "person_key",
]

#: Legal-form suffixes removed from an enterprise name for matching candidates (longest first; removed
#: repeatedly, so 泸州老窖集团有限责任公司 → 泸州老窖). Not 股份: it tells a listed company from its group.
ENTERPRISE_SUFFIXES = ("有限责任公司", "有限公司", "责任公司", "公司", "集团")
_BRACKETED_FORM = re.compile(r"[(（\[【]\s*(集团|有限|有限责任|股份有限)\s*[)）\]】]")
_BRACKETS = re.compile(r"[()（）\[\]【】〔〕<>《》「」『』\"“”'‘’]")


def credit_code(code: str | None) -> str | None:
    """The unified social credit code in its compact form, None when there is none; InvalidData when it
    is not a valid one (GB 32100-2015, checked by python-stdnum)."""
    if code is None or not code.strip():
        return None
    try:
        return str(uscc.validate(code))
    except ValidationError as exc:
        raise InvalidData(Problem(f"{code!r} is not a valid unified social credit code: {exc}",
                                  "credit_code")) from None


def enterprise_name(name: str) -> str:
    """An enterprise name as keyed: normal form, brackets and quotes dropped (their content kept); the normal
    form itself when nothing else would remain."""
    normal = normalise_name(name)
    return _BRACKETS.sub("", normal) or normal


def enterprise_core(name: str) -> str:
    """An enterprise name as matched for candidates: normal form, brackets dropped, legal-form suffixes
    removed (and a bracketed 集团/有限 inside). The whole normal name when removing the suffixes would leave
    fewer than two characters (公司 stays 公司)."""
    text = normalise_name(name)
    text = _BRACKETED_FORM.sub(lambda m: m.group(1) if m.end() == len(text) else "", text)
    text = _BRACKETS.sub("", text)
    core = text
    changed = True
    while changed:
        changed = False
        for suffix in ENTERPRISE_SUFFIXES:
            if core.endswith(suffix) and len(core) - len(suffix) >= 2:
                core = core[: -len(suffix)]
                changed = True
    return core or text


def _scope(place_code: str | None) -> str | None:
    if not place_code:
        return None
    return place_code[:4] if len(place_code) > 4 else place_code


#: The endings of a registered enterprise name (its organisational form). A name without one is a short
#: form (a report's 泸州老窖, 津城建材): it may stand for any of several companies.
LEGAL_FORM_ENDINGS = ("公司", "集团", "厂", "合作社", "事务所", "商行", "商店", "经营部", "中心", "店", "场")


def has_legal_form(name: str) -> bool:
    return enterprise_name(name).endswith(LEGAL_FORM_ENDINGS)


def enterprise_key(name: str, place_code: str | None = None, code: str | None = None, *,
                   source_slug: str | None = None, strip_legal_form: bool = False) -> str:
    """The id of an enterprise: by its credit code when given; else a registered name (one with its legal
    form) within its city; else (a short form) the name within its source, like a person's.
    `strip_legal_form`: key every name by `enterprise_core` within its city instead (the rule the bench
    measures and rejects)."""
    compact = credit_code(code)
    if compact:
        return f"enterprise:{compact}"
    core = enterprise_core(name) if strip_legal_form else enterprise_name(name)
    if not core:
        raise InvalidData(Problem("name is empty", "name"))
    if not strip_legal_form and source_slug and not has_legal_form(name):
        return f"enterprise:{core}@{source_slug}"
    scope = _scope(place_code)
    return f"enterprise:{core}@{scope}" if scope else f"enterprise:{core}"


def organisation_key(kind: str, name: str, place_code: str | None = None) -> str:
    """The id of an organisation other than an enterprise: its normal name within its place."""
    return entity_id(kind, name, place_code)


def person_key(name: str, place_code: str | None = None, source_slug: str | None = None) -> str:
    """The id of a person: the name with the place the source ties them to, else with the source."""
    return entity_id("Person", name, place_code or source_slug)


def key_for(kind: str, name: str, place_code: str | None = None, *, code: str | None = None,
            source_slug: str | None = None, ontology: Ontology | None = None) -> str:
    """The id of a node of `kind` named `name` (see the module's doc)."""
    onto = ontology or load_ontology()
    if kind == "Enterprise":
        return enterprise_key(name, place_code, code, source_slug=source_slug)
    if kind == "Person":
        return person_key(name, place_code, source_slug)
    spec = onto.kinds.get(kind)
    if spec is not None and spec.base == "Organisation":
        return organisation_key(kind, name, place_code)
    return entity_id(kind, name, place_code)


AliasIndex = dict[tuple[str, str, str], tuple[str, str]]


def alias_index(store: GraphStore, kinds: Iterable[str]) -> AliasIndex:
    """(kind, normal name, place id) → (node id, its name) for every name and alias of the organisations of `kinds`
    the graph holds with a place: the names a new mention is matched against. A name two nodes share is
    left out (it decides nothing)."""
    wanted = set(kinds)
    if not wanted:
        return {}
    onto = load_ontology()
    rows = store.query(
        "MATCH (n:Organisation) WHERE n.place_id IS NOT NULL RETURN n.id, n.name, n.aliases, n.place_id").rows
    index: AliasIndex = {}
    clashes: set[tuple[str, str, str]] = set()
    for nid, name, aliases, pid in rows:
        kind = kind_of_id(nid, onto)
        if kind not in wanted:
            continue
        for text in [name, *(aliases or [])]:
            key = (kind, normalise_name(text), pid)
            if index.get(key, (nid, name))[0] != nid:
                clashes.add(key)
            index[key] = (nid, name)
    for key in clashes:
        index.pop(key, None)
    return index


def match_alias(index: AliasIndex, kind: str, names: Sequence[str],
                place_id: str | None) -> tuple[str, str] | None:
    """(id, name) of the known organisation one of `names` (a name and its aliases) denotes, or None (none,
    or more than one)."""
    if not place_id:
        return None
    found = {index[k] for k in ((kind, normalise_name(n), place_id) for n in names) if k in index}
    return found.pop() if len({f[0] for f in found}) == 1 else None
