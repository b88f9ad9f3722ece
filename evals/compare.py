"""What got better and worse between two saved runs (`baocao eval --compare A.json B.json`)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evals.errors import EvalError
from evals.report import METRICS, failure_note, format_metric

# Metrics where a smaller number is the improvement.
LOWER_IS_BETTER = frozenset(
    {"wrong_communes", "false_abstentions", "errors", "latency_p50_ms", "latency_p95_ms"}
)


@dataclass(frozen=True, slots=True)
class MetricChange:
    key: str
    label: str
    before: Any
    after: Any
    kind: str

    @property
    def verdict(self) -> str:
        """One of better / worse / same ("same" also when either side is n/a)."""
        if self.before is None or self.after is None or self.before == self.after:
            return "same"
        improved = (
            self.after < self.before if self.key in LOWER_IS_BETTER else self.after > self.before
        )
        return "better" if improved else "worse"


@dataclass(frozen=True, slots=True)
class QuestionChange:
    id: str
    before: str  # failure note, "" when it passed
    after: str
    answer: str


@dataclass(frozen=True, slots=True)
class Comparison:
    metrics: tuple[MetricChange, ...]
    fixed: tuple[QuestionChange, ...]
    broken: tuple[QuestionChange, ...]
    still_failing: tuple[QuestionChange, ...]
    only_before: tuple[str, ...]
    only_after: tuple[str, ...]


def load_run(path: str | Path) -> dict[str, Any]:
    """Read a `baocao eval --json` file."""
    source = Path(path)
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise EvalError(
            f"Cannot read eval run {str(source)!r}: {err} - "
            "write one with 'baocao eval QUESTIONS.jsonl --json OUT'"
        ) from err
    if not isinstance(data, dict) or data.get("kind") != "baocao-eval":
        raise EvalError(f"{str(source)!r} is not a 'baocao eval --json' file")
    return data


def compare_runs(before: Mapping[str, Any], after: Mapping[str, Any]) -> Comparison:
    """Metric deltas and per-question flips between two run dicts."""
    metrics = tuple(
        MetricChange(key, label, before["summary"].get(key), after["summary"].get(key), kind)
        for key, label, kind in METRICS
    )
    old = {item["id"]: item for item in before["questions"]}
    new = {item["id"]: item for item in after["questions"]}
    fixed: list[QuestionChange] = []
    broken: list[QuestionChange] = []
    still: list[QuestionChange] = []
    for qid in [qid for qid in new if qid in old]:
        was, now = old[qid], new[qid]
        change = QuestionChange(qid, failure_note(was), failure_note(now), now["answer"]["text"])
        was_ok, now_ok = was["checks"]["correct"], now["checks"]["correct"]
        if now_ok and not was_ok:
            fixed.append(change)
        elif was_ok and not now_ok:
            broken.append(change)
        elif not now_ok:
            still.append(change)
    return Comparison(
        metrics=metrics,
        fixed=tuple(fixed),
        broken=tuple(broken),
        still_failing=tuple(still),
        only_before=tuple(qid for qid in old if qid not in new),
        only_after=tuple(qid for qid in new if qid not in old),
    )


def render_comparison(comparison: Comparison) -> str:
    lines = [f"{'metric':<36} {'before':>10} {'after':>10}  verdict"]
    for item in comparison.metrics:
        lines.append(
            f"{item.label:<36} {format_metric(item.before, item.kind):>10} "
            f"{format_metric(item.after, item.kind):>10}  {item.verdict}"
        )
    sections = (
        ("Fixed (failed before, pass now)", comparison.fixed),
        ("Broken (passed before, fail now)", comparison.broken),
        ("Still failing", comparison.still_failing),
    )
    for title, changes in sections:
        lines += ["", f"{title}: {len(changes)}"]
        for change in changes:
            detail = change.after if change.after else f"was: {change.before}"
            if change.after and change.before and change.before != change.after:
                detail = f"{change.before} -> {change.after}"
            lines.append(f"  {change.id:<8} {detail}")
    if comparison.only_before or comparison.only_after:
        lines += ["", f"Only in before: {', '.join(comparison.only_before) or '-'}"]
        lines.append(f"Only in after: {', '.join(comparison.only_after) or '-'}")
    return "\n".join(lines)
