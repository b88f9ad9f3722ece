"""Login for a server bound beyond localhost: password hashes, sessions, rate limits.

The users file is TOML:

    [users]
    lan = "scrypt$16384$8$1$<salt hex>$<hash hex>"

Make a line with `python -m ui.auth NAME` (asks for the password twice). pbkdf2 hashes
(`pbkdf2_sha256$<iterations>$<salt hex>$<hash hex>`) are accepted too.
"""

from __future__ import annotations

import getpass
import hashlib
import hmac
import secrets
import sys
import threading
import time
import tomllib
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import ConfigError

SCRYPT_N, SCRYPT_R, SCRYPT_P = 16384, 8, 1
DEFAULT_SESSION_TTL_S = 12 * 3600


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """An scrypt hash line for the users file."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32
    )
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    """True when `password` matches the `stored` scrypt or pbkdf2 hash line."""
    parts = stored.split("$")
    try:
        if parts[0] == "scrypt" and len(parts) == 6:
            n, r, p = (int(value) for value in parts[1:4])
            salt, expected = bytes.fromhex(parts[4]), bytes.fromhex(parts[5])
            digest = hashlib.scrypt(
                password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=len(expected)
            )
        elif parts[0] == "pbkdf2_sha256" and len(parts) == 4:
            salt, expected = bytes.fromhex(parts[2]), bytes.fromhex(parts[3])
            digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, int(parts[1]))
        else:
            return False
    except ValueError:
        return False
    return hmac.compare_digest(digest, expected)


def load_users(path: str | Path) -> dict[str, str]:
    """Read `[users] name = "hash"` from a TOML file; raise ConfigError naming the fix."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"Cannot read users file {str(path)!r}: {err}") from err
    users = data.get("users")
    if not isinstance(users, dict) or not users:
        raise ConfigError(
            f"Users file {str(path)!r} has no [users] table - add lines made with "
            "'python -m ui.auth NAME'"
        )
    bad = sorted(name for name, value in users.items() if not _is_hash(value))
    if bad:
        raise ConfigError(
            f"Users {bad!r} in {str(path)!r} have no valid password hash - "
            "make one with 'python -m ui.auth NAME'"
        )
    return {str(name): str(value) for name, value in users.items()}


def _is_hash(value: object) -> bool:
    return isinstance(value, str) and value.split("$")[0] in ("scrypt", "pbkdf2_sha256")


class LoginLimiter:
    """Refuses logins from a client (or for a user) after too many recent failures."""

    def __init__(self, *, max_failures: int = 5, window_s: float = 300.0) -> None:
        self._max = max_failures
        self._window = window_s
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, *keys: str) -> float:
        """Seconds until these keys may try again; 0 when they may try now."""
        now = time.monotonic()
        wait = 0.0
        with self._lock:
            for key in keys:
                recent = self._recent(key, now)
                if len(recent) >= self._max:
                    wait = max(wait, recent[0] + self._window - now)
        return wait

    def record_failure(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in keys:
                self._recent(key, now).append(now)

    def _recent(self, key: str, now: float) -> deque[float]:
        recent = self._failures.setdefault(key, deque())
        while recent and recent[0] <= now - self._window:
            recent.popleft()
        return recent


@dataclass(frozen=True, slots=True)
class Session:
    user: str
    expires: float


class SessionStore:
    """Random session tokens held in memory (a restart logs everyone out)."""

    def __init__(self, *, ttl_s: float = DEFAULT_SESSION_TTL_S) -> None:
        self._ttl = ttl_s
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()

    def create(self, user: str) -> str:
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._sessions[token] = Session(user, time.monotonic() + self._ttl)
        return token

    def user(self, token: str | None) -> str | None:
        if not token:
            return None
        with self._lock:
            session = self._sessions.get(token)
            if session is None or session.expires < time.monotonic():
                self._sessions.pop(token, None)
                return None
            return session.user

    def drop(self, token: str | None) -> None:
        with self._lock:
            self._sessions.pop(token or "", None)


class Authenticator:
    """Users, sessions and the login rate limit of one server."""

    def __init__(self, users: dict[str, str], *, limiter: LoginLimiter | None = None) -> None:
        self.users = users
        self.limiter = limiter or LoginLimiter()
        self.sessions = SessionStore()

    def check(self, user: str, password: str) -> bool:
        stored = self.users.get(user)
        # Hash anyway for unknown users so timing does not reveal who exists.
        return verify_password(password, stored or hash_password("x")) and stored is not None


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m ui.auth NAME   (prints a users-file line)", file=sys.stderr)
        return 2
    password = getpass.getpass("Password: ")
    if password != getpass.getpass("Again: ") or not password:
        print("Passwords differ or are empty; nothing written.", file=sys.stderr)
        return 1
    print(f'{args[0]} = "{hash_password(password)}"')
    return 0


if __name__ == "__main__":
    sys.exit(main())
