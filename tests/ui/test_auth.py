from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from assistant.errors import ConfigError
from ui.auth import (
    Authenticator,
    LoginLimiter,
    SessionStore,
    hash_password,
    load_users,
    verify_password,
)


def test_scrypt_hash_round_trip_and_salted() -> None:
    line = hash_password("mật khẩu")
    assert line.startswith("scrypt$") and verify_password("mật khẩu", line)
    assert not verify_password("mat khau", line)
    assert hash_password("mật khẩu") != line


def test_pbkdf2_lines_are_accepted() -> None:
    salt = b"0123456789abcdef"
    digest = hashlib.pbkdf2_hmac("sha256", b"pw", salt, 1000)
    line = f"pbkdf2_sha256$1000${salt.hex()}${digest.hex()}"
    assert verify_password("pw", line) and not verify_password("px", line)


@pytest.mark.parametrize("stored", ["", "plain", "scrypt$1$2", "scrypt$a$b$c$d$e", "md5$x$y"])
def test_malformed_hashes_never_verify(stored: str) -> None:
    assert not verify_password("x", stored)


def test_users_file_errors_name_the_file_and_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "users.toml"
    path.write_text('[users]\nan = "plaintext"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"users.toml.*python -m ui.auth"):
        load_users(path)
    path.write_text("x = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="no \\[users\\] table"):
        load_users(path)
    with pytest.raises(ConfigError, match="Cannot read users file"):
        load_users(tmp_path / "missing.toml")


def test_users_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "users.toml"
    path.write_text(f'[users]\nan = "{hash_password("pw")}"\n', encoding="utf-8")
    auth = Authenticator(load_users(path))
    assert auth.check("an", "pw") and not auth.check("an", "px") and not auth.check("bo", "pw")


def test_limiter_blocks_after_max_failures_per_key() -> None:
    limiter = LoginLimiter(max_failures=3, window_s=60)
    for _ in range(3):
        assert limiter.retry_after("1.2.3.4") == 0
        limiter.record_failure("1.2.3.4")
    assert 0 < limiter.retry_after("1.2.3.4") <= 60
    assert limiter.retry_after("5.6.7.8") == 0


def test_sessions_expire_and_drop() -> None:
    store = SessionStore(ttl_s=-1)
    assert store.user(store.create("an")) is None
    store = SessionStore()
    token = store.create("an")
    assert store.user(token) == "an" and store.user("forged") is None
    store.drop(token)
    assert store.user(token) is None
