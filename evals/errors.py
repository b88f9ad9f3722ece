"""Errors of evaluation runs.

They derive from `AssistantError` so the CLI's one error boundary shows them as one line
(house style §5) without knowing about `evals`.

AssistantError
 └── EvalError                 an evaluation could not run
      ├── QuestionSetError     a question set is missing or malformed (names file:line)
      └── DatasetError         a BEIR-layout dataset is missing a file or malformed
"""

from __future__ import annotations

from assistant.errors import AssistantError


class EvalError(AssistantError):
    """Root of evaluation errors."""


class QuestionSetError(EvalError):
    """A question set cannot be read; the message names the file and line."""


class DatasetError(EvalError):
    """A retrieval dataset cannot be read; the message names the file."""
