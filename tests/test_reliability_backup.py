"""Backup and restore: a JSON dump of every node and edge restores into an empty store as the same graph
(counts and content hash); a stopped store's data directory can be copied and opens as the same graph.

Dump and restore are tongxin.graph.backup (what `tongxin export --all --format json` and `tongxin import`
run). A restore is one change set: all or nothing, and it takes labels and edge types only from the
ontology.
"""

from __future__ import annotations

import copy
import json
import uuid

import pytest

from tests.conftest import BACKEND_PARAMS, national_resolver, open_neo4j_store, release, subset_gazetteer
from tongxin.errors import InvalidData, StoreLocked, TongxinError
from tongxin.graph.backup import digest, dump, fingerprint, read, restore, write
from tongxin.graph.stores.embedded import EmbeddedServer, copy_data_dir
from tongxin.graph.stores.falkordb_ import FalkorDBStore
from tongxin.loaders.caserecord import bundled_case_records, load_case_record
from tongxin.loaders.ledger import load_ledger, with_check_character
from tongxin.loaders.places import import_places

LEDGER = ("企业名称,统一社会信用代码,结对村,所属县区,所属乡镇,结对时间,投资额(万元),备注\n"
          f"十堰上津茶业有限公司,{with_check_character('91420322MA49ABCD1')},绞肠关村,郧西县,上津镇,2021-06-01,50,\n"
          "郧西县津城建材有限公司,,丁家湾村,郧西县,上津镇,2022年3月,12.5,\"备注, 带逗号\"\n")


def _fill(store: FalkorDBStore, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import_places(store, subset_gazetteer("420322102"))
    resolver = national_resolver()
    for path in bundled_case_records():
        load_case_record(store, path, resolver=resolver)
    (tmp_path / "台账.csv").write_text(LEDGER, encoding="utf-8")
    load_ledger(store, tmp_path / "台账.csv", resolver=resolver)


@pytest.fixture(params=BACKEND_PARAMS)
def empty_store(request, falkordb_server):  # type: ignore[no-untyped-def]
    """An empty store on each engine, to restore a FalkorDB dump into: a dump moves a graph from the
    embedded engine to Neo4j (docs/scaling.md)."""
    if request.param == "neo4j":
        store = open_neo4j_store(request.getfixturevalue("neo4j_uri"))
    else:
        store = FalkorDBStore(falkordb_server, graph=f"t_{uuid.uuid4().hex[:12]}")
    yield store
    store.clear()
    release(store)


def test_json_dump_restores_into_an_empty_store_as_the_same_graph(falkordb_store, empty_store, tmp_path):
    _fill(falkordb_store, tmp_path)
    original = fingerprint(falkordb_store)
    assert original[0] > 100 and original[1] > 100, original
    path = write(dump(falkordb_store), tmp_path / "backup.json")
    restore(empty_store, read(path))
    assert fingerprint(empty_store) == original
    # and the restored graph answers the same questions
    empty_store.ensure_schema()
    q = "MATCH (e:Enterprise)-[r:PAIRED_WITH]->(v) RETURN e.name, v.code, r.sources, r.evidence ORDER BY v.code"
    assert empty_store.query(q).rows == falkordb_store.query(q).rows
    # the dump is canonical: dumping the restored graph gives the same document
    assert json.loads(path.read_text(encoding="utf-8")) == dump(empty_store)


def test_restore_refuses_a_graph_that_is_not_empty(any_store, tmp_path):
    _fill(any_store, tmp_path)
    data = dump(any_store)
    before = fingerprint(any_store)
    with pytest.raises(InvalidData, match="empty"):
        restore(any_store, data)
    assert fingerprint(any_store) == before


@pytest.mark.parametrize("damage", ["label", "edge type", "dangling edge"])
def test_restore_takes_labels_and_types_only_from_the_ontology(falkordb_store, empty_store, tmp_path, damage):
    _fill(falkordb_store, tmp_path)
    data = copy.deepcopy(dump(falkordb_store))
    if damage == "label":
        data["nodes"][-1]["labels"].append("Entity) WITH 1 AS x MATCH (m) DETACH DELETE m //")
    elif damage == "edge type":
        data["edges"][-1]["type"] = "PART_OF]->() WITH 1 AS x MATCH (m) DETACH DELETE m //"
    else:
        data["edges"][-1]["target"] = "place:999999999999"
    with pytest.raises(InvalidData):
        restore(empty_store, data)
    assert fingerprint(empty_store) == (0, 0, digest({"nodes": [], "edges": []}))


def test_restore_is_all_or_nothing(falkordb_store, empty_store, tmp_path):
    _fill(falkordb_store, tmp_path)
    data = copy.deepcopy(dump(falkordb_store))
    # a value the engine refuses only when the last statement runs: a map is not a property value
    data["edges"][-1]["props"]["evidence"] = [{"not": "a string"}]
    with pytest.raises(TongxinError):
        restore(empty_store, data)
    assert fingerprint(empty_store)[:2] == (0, 0), "a failed restore left part of the graph behind"


@pytest.mark.slow
def test_a_stopped_data_directory_copies_and_opens_as_the_same_graph(tmp_path):
    src, dst = tmp_path / "src", tmp_path / "dst"
    server = EmbeddedServer.ensure(src)
    try:
        store = FalkorDBStore(server, graph="tongxin")
        store.ensure_schema()
        _fill(store, tmp_path)
        original = fingerprint(store)
        store.db.connection.close()
        with pytest.raises(StoreLocked):
            copy_data_dir(src, tmp_path / "too-early")  # refused while a server runs on it
        assert not (tmp_path / "too-early").exists()
    finally:
        server.stop()
    copy_data_dir(src, dst)
    for name in ("falkordb.sock", "redis.pid", "tongxin.lock"):
        assert not (dst / name).exists(), name
    copy_server = EmbeddedServer.ensure(dst)
    try:
        assert copy_server.pid != server.pid and copy_server.data_dir == dst.resolve()
        copied = FalkorDBStore(copy_server, graph="tongxin")
        assert fingerprint(copied) == original
        copied.db.connection.close()
    finally:
        copy_server.stop()
    # the original opens unchanged as well
    again = EmbeddedServer.ensure(src)
    try:
        assert fingerprint(FalkorDBStore(again, graph="tongxin")) == original
    finally:
        again.stop(save=False)
