"""baocao's question answering and its public Python API.

>>> from assistant import Assistant
>>> assistant = Assistant.open("data/index")
>>> answer = assistant.ask("Xã nào đề nghị hỗ trợ công trình nước sinh hoạt?")
>>> answer.text, answer.citations[0].quote
"""

from __future__ import annotations

from assistant.config import Settings
from assistant.engine import Assistant
from assistant.errors import AssistantError, ChatModelError, ConfigError, QuestionTooLongError
from assistant.llm import ChatModel, LlamaIndexChatModel
from assistant.types import Answer, Citation, Turn
from index.types import SearchFilters

__all__ = [
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
]
