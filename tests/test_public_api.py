"""`assistant.__all__` is the curated public API (house style §1): exact, importable."""

import ast
from pathlib import Path

import assistant

EXPECTED = {
    "Answer",
    "Assistant",
    "AssistantError",
    "ChatModel",
    "ChatModelError",
    "Citation",
    "ConfigError",
    "LlamaIndexChatModel",
    "QuestionTooLongError",
    "SearchFilters",
    "Settings",
    "Turn",
}


def test_all_lists_exactly_the_public_names():
    assert set(assistant.__all__) == EXPECTED
    assert sorted(assistant.__all__) == list(assistant.__all__)


def test_every_public_name_is_importable():
    for name in assistant.__all__:
        assert getattr(assistant, name) is not None, name


def test_init_defines_no_other_public_names():
    tree = ast.parse(Path(assistant.__file__).read_text(encoding="utf-8"))
    imported = {
        alias.asname or alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module != "__future__"
        for alias in node.names
    }
    assert {name for name in imported if not name.startswith("_")} == EXPECTED


def test_error_roots_catch_their_subclasses():
    assert issubclass(assistant.QuestionTooLongError, assistant.AssistantError)
    assert issubclass(assistant.ChatModelError, assistant.AssistantError)
    assert issubclass(assistant.ConfigError, assistant.AssistantError)
