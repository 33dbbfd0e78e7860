"""Access control: who may write over HTTP, who may read, and what the embedded server exposes.

Behaviour first (status codes, that a refused write wrote nothing); a supplementary check confirms the
token comparison goes through `secrets.compare_digest`. The basic socket-permission and `port 0` checks
live in test_embedded_server.py; here: the data directory, the live server's configuration, and that the
process holds no TCP socket at all.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from tongxin.api.app import create_app
from tongxin.graph.backup import fingerprint
from tongxin.graph.stores.embedded import EmbeddedServer
from tongxin.graph.stores.falkordb_ import FalkorDBStore
from tongxin.settings import Settings

TOKEN = "s3cret-token-0123456789abcdef"
READ_TOKEN = "read-token-0123456789abcdef"
RECORD = b"""source: {id: access-test, title: t}
entities:
  - {ref: wq, kind: Program, name: \xe4\xb8\x87\xe4\xbc\x81\xe5\x85\xb4\xe4\xb8\x87\xe6\x9d\x91}
"""


def _settings(tmp_path: Path, **kw: str | None) -> Settings:
    return Settings(tongxin_data_dir=tmp_path, _env_file=None, **kw)  # type: ignore[call-arg]


def _client(store, tmp_path, **kw) -> TestClient:  # type: ignore[no-untyped-def]
    return TestClient(create_app(_settings(tmp_path, **kw), store=store))


def _post(client: TestClient, headers: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return client.post("/load", files={"file": ("r.yaml", RECORD, "application/yaml")}, headers=headers or {})


WRONG = [
    {},                                                       # no header
    {"Authorization": "Bearer"},                              # scheme, no token
    {"Authorization": "Bearer "},
    {"Authorization": f"Basic {TOKEN}"},                      # wrong scheme
    {"Authorization": TOKEN},                                 # no scheme
    {"Authorization": f"Bearer {TOKEN[:-1]}"},                # one character short
    {"Authorization": f"Bearer {TOKEN}x"},                    # one character long
    {"Authorization": f"Bearer {TOKEN.upper()}"},             # case matters
    {"Authorization": f"Bearer {TOKEN[:-1]}\u00e9"},          # non-ASCII last character
    {"Authorization": f"Bearer {READ_TOKEN}"},                # the read token does not write
    {"Authorization": f"Bearer {TOKEN} {TOKEN}"},             # the token twice
]


@pytest.mark.parametrize("headers", WRONG, ids=range(len(WRONG)))
def test_load_refuses_missing_or_wrong_tokens_and_writes_nothing(any_store, tmp_path, headers):
    client = _client(any_store, tmp_path, tongxin_api_token=TOKEN, tongxin_read_token=READ_TOKEN)
    before = fingerprint(any_store)
    try:
        r = _post(client, headers)
    except UnicodeEncodeError:  # a client cannot even send a non-latin-1 header value
        return
    assert r.status_code == 401, r.text
    assert r.json()["error"]["code"] == "unauthorized", r.text
    assert r.headers.get("www-authenticate") == "Bearer"
    assert fingerprint(any_store) == before


def test_load_with_the_right_token_writes(any_store, tmp_path):
    client = _client(any_store, tmp_path, tongxin_api_token=TOKEN)
    r = _post(client, {"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "loaded"
    assert any_store.query("MATCH (p:Program) RETURN p.name").rows == [["万企兴万村"]]
    # the bearer scheme is case-insensitive (RFC 7235), the token is not
    assert _post(client, {"Authorization": f"bearer {TOKEN}"}).json()["status"] == "unchanged"


@pytest.mark.parametrize("headers", [{}, {"Authorization": f"Bearer {TOKEN}"}])
def test_writes_are_disabled_without_a_configured_token(any_store, tmp_path, headers):
    client = _client(any_store, tmp_path)
    before = fingerprint(any_store)
    r = _post(client, headers)
    assert r.status_code == 403, r.text
    assert r.json()["error"]["code"] == "forbidden"
    assert fingerprint(any_store) == before


def test_refused_write_does_not_even_read_the_upload(any_store, tmp_path):
    """The token is checked before the body is parsed: a refused client cannot make us store 50 MiB."""
    client = _client(any_store, tmp_path, tongxin_api_token=TOKEN)
    r = client.post("/load", files={"file": ("x.exe", b"MZ" * 1000)})
    assert r.status_code == 401, r.text  # not 422 "unsupported file type": auth comes first


def test_other_methods_on_load_are_not_allowed(any_store, tmp_path):
    client = _client(any_store, tmp_path, tongxin_api_token=TOKEN)
    for method in ("GET", "PUT", "DELETE", "PATCH"):
        r = client.request(method, "/load", headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 405, (method, r.text)


READ_PATHS = ["/search?q=x", "/queries", "/queries/search?q=x", "/nodes/place:42", "/nodes/place:42/neighbours",
              "/coverage?within=42", "/coverage/rollup?within=42", "/paths?source=a&target=b",
              "/places/resolve?name=十堰市", "/views/ego?entity=x"]


@pytest.mark.parametrize("path", READ_PATHS)
def test_read_token_guards_every_read_endpoint(any_store, tmp_path, path):
    client = _client(any_store, tmp_path, tongxin_read_token=READ_TOKEN)
    for headers in ({}, {"Authorization": "Bearer wrong-token-0123456789"}, {"Authorization": f"Bearer {TOKEN}"}):
        r = client.get(path, headers=headers)
        assert r.status_code == 401, (path, headers, r.status_code, r.text[:200])
    r = client.get(path, headers={"Authorization": f"Bearer {READ_TOKEN}"})
    assert r.status_code != 401, (path, r.text[:200])


def test_health_stays_open_and_reveals_no_secrets(any_store, tmp_path):
    client = _client(any_store, tmp_path, tongxin_api_token=TOKEN, tongxin_read_token=READ_TOKEN)
    r = client.get("/health")
    assert r.status_code == 200
    assert TOKEN not in r.text and READ_TOKEN not in r.text and str(tmp_path) not in r.text
    spec = client.get("/openapi.json").text
    assert TOKEN not in spec and READ_TOKEN not in spec


def test_token_comparison_is_constant_time(any_store, tmp_path, monkeypatch):
    """Supplementary: the check goes through secrets.compare_digest (behaviour is tested above)."""
    import tongxin.api.deps as deps

    calls: list[tuple[bytes, bytes]] = []
    real = deps.secrets.compare_digest

    def recording(a, b):  # type: ignore[no-untyped-def]
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(deps.secrets, "compare_digest", recording)
    client = _client(any_store, tmp_path, tongxin_api_token=TOKEN)
    assert _post(client, {"Authorization": "Bearer wrong-but-long-enough-token"}).status_code == 401
    assert _post(client, {"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    # the wrong token: refused by the guard from the headers (tongxin.api.guard), before the body is read;
    # the right one: checked there and again by the route's dependency
    assert len(calls) == 3 and all(b == TOKEN.encode() for _, b in calls), calls


@pytest.mark.parametrize("name", ["tongxin_api_token", "tongxin_read_token"])
@pytest.mark.parametrize("token", ["", "x", "short-token", "a" * 15, "十五个字符的令牌不够长不够长不"])
def test_settings_refuse_short_tokens(tmp_path, name, token):
    assert len(token) < 16
    with pytest.raises(ValidationError) as err:
        _settings(tmp_path, **{name: token})
    assert "at least 16 characters" in str(err.value)


def test_settings_refuse_short_tokens_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("TONGXIN_API_TOKEN", "too-short")
    with pytest.raises(ValidationError):
        Settings(_env_file=None)  # type: ignore[call-arg]
    monkeypatch.setenv("TONGXIN_API_TOKEN", "a" * 16)
    assert Settings(_env_file=None).tongxin_api_token is not None  # type: ignore[call-arg]


def test_settings_never_print_tokens(tmp_path):
    s = _settings(tmp_path, tongxin_api_token=TOKEN, tongxin_read_token=READ_TOKEN)
    assert TOKEN not in repr(s) and TOKEN not in str(s) and READ_TOKEN not in repr(s)


# --- the embedded server ------------------------------------------------------------------------------
def _tcp_inodes() -> set[str]:
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except FileNotFoundError:
            continue
        inodes.update(line.split()[9] for line in lines if len(line.split()) > 9)
    return inodes


def test_embedded_server_holds_no_tcp_socket_and_a_private_directory(tmp_path):
    server = EmbeddedServer.ensure(tmp_path / "store")
    try:
        assert stat.S_IMODE(os.stat(server.data_dir).st_mode) == 0o700
        sock = os.stat(server.socket_path)
        assert stat.S_ISSOCK(sock.st_mode) and sock.st_uid == os.getuid()
        assert stat.S_IMODE(sock.st_mode) & 0o077 == 0
        # no file descriptor of the server is a TCP socket (IPv4 or IPv6)
        socket_inodes = set()
        for fd in Path(f"/proc/{server.pid}/fd").iterdir():
            try:
                target = os.readlink(fd)
            except FileNotFoundError:  # closed meanwhile
                continue
            if target.startswith("socket:["):
                socket_inodes.add(target[8:-1])
        assert socket_inodes, "the server holds no socket at all?"
        assert not socket_inodes & _tcp_inodes(), "the embedded server holds a TCP socket"
        store = FalkorDBStore(server, graph="g")
        config = store.db.connection.config_get("*")
        assert config["port"] == "0" and config["tls-port"] == "0", config
        assert config["protected-mode"] == "yes"
        assert config["unixsocketperm"] == "700"
        assert config["appendonly"] == "yes" and config["appendfsync"] == "everysec"
        store.db.connection.close()
        # every file the server writes is owned by us and not writable by others
        for f in server.data_dir.rglob("*"):
            try:
                mode = stat.S_IMODE(os.lstat(f).st_mode)
            except FileNotFoundError:  # a temporary file of a background rewrite
                continue
            assert mode & 0o002 == 0, (f, oct(mode))
    finally:
        server.stop(save=False)


def test_a_private_socket_dir_is_used_when_the_data_dir_path_is_too_long(tmp_path):
    from tongxin.graph.stores.embedded import socket_path_for

    deep = tmp_path / ("d" * 60) / ("e" * 60)
    sock = socket_path_for(deep)
    assert len(str(sock)) <= 100
    assert stat.S_IMODE(os.stat(sock.parent).st_mode) == 0o700 and os.stat(sock.parent).st_uid == os.getuid()


# --- issue 19: the token and the size before the body, trusted hosts -------------------------------------------
def _raw_post(app, headers: dict[str, str], chunks: int, chunk: bytes = b"x" * 2**20):  # type: ignore[no-untyped-def]
    """POST /load straight through ASGI with a body of `chunks` chunks; (status, chunks the app read)."""
    import asyncio

    read = 0
    sent: list[dict] = []  # type: ignore[type-arg]

    async def receive() -> dict:  # type: ignore[type-arg]
        nonlocal read
        if read >= chunks:
            return {"type": "http.disconnect"}
        read += 1
        head = (b'--b\r\nContent-Disposition: form-data; name="file"; filename="r.csv"\r\n'
                b"Content-Type: text/csv\r\n\r\n") if read == 1 else b""  # a well-formed multipart body
        return {"type": "http.request", "body": head + chunk, "more_body": read < chunks}

    async def send(message: dict) -> None:  # type: ignore[type-arg]
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/load", "raw_path": b"/load", "query_string": b"",
             "root_path": "", "scheme": "http", "server": ("127.0.0.1", 8000), "client": ("127.0.0.1", 5000),
             "http_version": "1.1", "asgi": {"version": "3.0"},
             "headers": [(k.lower().encode(), v.encode()) for k, v in
                         {"host": "127.0.0.1:8000", "content-type": "multipart/form-data; boundary=b", **headers}.items()]}
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    return start["status"], read


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong-but-long-enough-token"},
                                     {"Authorization": f"Basic {TOKEN}"}])
def test_an_unauthenticated_upload_is_refused_before_a_byte_of_it_is_read(falkordb_store, tmp_path, headers):
    # before: the whole multipart body was read and spooled (3 GiB accepted) before the 401
    app = create_app(_settings(tmp_path, tongxin_api_token=TOKEN), store=falkordb_store)
    status, read = _raw_post(app, headers, chunks=64)
    assert (status, read) == (401, 0)
    app = create_app(_settings(tmp_path), store=falkordb_store)  # writes disabled: 403, also unread
    assert _raw_post(app, headers, chunks=64) == (403, 0)


def test_an_upload_over_the_limit_is_refused_with_413(falkordb_store, tmp_path):
    before = fingerprint(falkordb_store)
    app = create_app(_settings(tmp_path, tongxin_api_token=TOKEN, tongxin_max_upload_bytes="3000000"),
                     store=falkordb_store)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    # declared too large: refused from the headers
    assert _raw_post(app, {**auth, "content-length": str(64 * 2**20)}, chunks=64) == (413, 0)
    # not declared (chunked): cut off once the limit is passed, not read to the end
    status, read = _raw_post(app, auth, chunks=64)
    assert status == 413 and read <= 3, read
    client = TestClient(app)
    r = client.post("/load", files={"file": ("r.yaml", RECORD + b"#" * 3_000_000, "application/yaml")},
                    headers=auth)
    assert r.status_code == 413 and r.json()["error"]["code"] == "too_large", r.text
    assert "TONGXIN_MAX_UPLOAD_BYTES" in r.json()["error"]["message"]
    assert fingerprint(falkordb_store) == before
    assert _post(client, auth).status_code == 200  # a small one still loads


@pytest.mark.parametrize(("host", "allowed", "status"), [
    ("evil.example", None, 400), ("evil.example:8000", None, 400), ("localhost.evil.example", None, 400),
    ("localhost:8000", None, 200), ("127.0.0.1", None, 200), ("[::1]:8000", None, 200), ("testserver", None, 200),
    ("tongxin.example.org", "tongxin.example.org", 200), ("localhost", "tongxin.example.org", 400),
    ("evil.example", "*", 200),
])
def test_only_the_allowed_host_names_are_served(falkordb_store, tmp_path, host, allowed, status):
    # before: `Host: evil.example` was answered (DNS rebinding while no read token is set)
    kw = {"tongxin_allowed_hosts": allowed} if allowed else {}
    client = _client(falkordb_store, tmp_path, **kw)
    r = client.get("/health", headers={"Host": host})
    assert r.status_code == status, r.text
    if status == 400:
        assert r.json()["error"]["code"] == "bad_host"


def test_the_apis_own_limits_apply_to_what_it_loads(falkordb_store, tmp_path):
    """The limits of the app's settings (not only those of the environment) bound an uploaded ledger or record."""
    before = fingerprint(falkordb_store)
    client = _client(falkordb_store, tmp_path, tongxin_api_token=TOKEN, tongxin_max_ledger_rows="1",
                     tongxin_max_record_bytes="50")
    auth = {"Authorization": f"Bearer {TOKEN}"}
    ledger = "企业名称,结对村,所属县区,所属乡镇\n甲公司,绞肠关村,郧西县,上津镇\n乙公司,孙家湾村,郧西县,上津镇\n"
    r = client.post("/load", files={"file": ("t.csv", ledger.encode(), "text/csv")}, headers=auth)
    assert r.status_code == 422 and "TONGXIN_MAX_LEDGER_ROWS" in r.text, r.text
    r = _post(client, auth)
    assert r.status_code == 422 and "TONGXIN_MAX_RECORD_BYTES" in r.text, r.text
    assert fingerprint(falkordb_store) == before
