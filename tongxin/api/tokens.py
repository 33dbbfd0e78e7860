"""Named write tokens: who wrote is the name of the token that wrote.

TONGXIN_WRITE_TOKENS_FILE names a file of lines `NAME SHA256` — a name (letters, digits, `._-`, at most 64
characters) and the SHA-256 (hex) of its token; `#` starts a comment. Only the hashes are stored, so the
file gives no token away; `tongxin token NAME` mints a token (at least 16 characters: 43 random URL-safe
ones), appends its line and prints the token once. A bearer token is compared with every hash in constant
time (secrets.compare_digest, which is hmac.compare_digest). The single TONGXIN_API_TOKEN keeps working; its writes are named `api`.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from pathlib import Path

from tongxin.errors import InvalidData, Problem
from tongxin.settings import Settings

SINGLE_TOKEN_NAME = "api"
MIN_CHARS = 16
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}\Z")
_LINE = re.compile(r"(\S+)\s+([0-9a-f]{64})\Z")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def read_tokens(path: Path) -> dict[str, str]:
    """name → SHA-256 of its token; InvalidData naming the file and line of a bad line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidData(Problem(f"cannot read the write tokens file: {exc.strerror}", "TONGXIN_WRITE_TOKENS_FILE",
                                  str(path), 1)) from None
    out: dict[str, str] = {}
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        m = _LINE.match(line)
        if not m or not _NAME.match(m.group(1)):
            raise InvalidData(Problem("a line must be `NAME SHA256` (a name of letters, digits and ._-, and the "
                                      "hex SHA-256 of its token)", "TONGXIN_WRITE_TOKENS_FILE", str(path), n))
        if m.group(1) in out:
            raise InvalidData(Problem(f"the name {m.group(1)!r} is given twice", "TONGXIN_WRITE_TOKENS_FILE",
                                      str(path), n))
        out[m.group(1)] = m.group(2)
    return out


def writes_enabled(settings: Settings) -> bool:
    return settings.tongxin_api_token is not None or settings.tongxin_write_tokens_file is not None


def writer_name(settings: Settings, credentials: str) -> str | None:
    """The name of the write token `credentials` is, or None. Every configured token is compared, in
    constant time, whichever matches."""
    found: str | None = None
    if settings.tongxin_api_token is not None:
        if secrets.compare_digest(credentials.encode(), settings.tongxin_api_token.get_secret_value().encode()):
            found = SINGLE_TOKEN_NAME
    if settings.tongxin_write_tokens_file is not None:
        given = hash_token(credentials)
        for name, digest in read_tokens(settings.tongxin_write_tokens_file).items():
            if secrets.compare_digest(given.encode(), digest.encode()) and found is None:
                found = name
    return found


def mint(path: Path, name: str) -> str:
    """A new token for `name`, its hash appended to the tokens file at `path` (created if need be)."""
    if not _NAME.match(name):
        raise InvalidData(Problem("a token name is 1 to 64 letters, digits, '.', '_' or '-'", "NAME"))
    if path.exists() and name in read_tokens(path):
        raise InvalidData(Problem(f"the name {name!r} has a token already", "NAME", str(path)))
    token = secrets.token_urlsafe(32)
    assert len(token) >= MIN_CHARS
    with path.open("a", encoding="utf-8") as fh:
        fh.write(f"{name} {hash_token(token)}\n")
    return token
