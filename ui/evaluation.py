"""The evaluation tab: run a question set with progress; metrics, per-question table, chart.

Scoring lives in `evals/`; the CLI injects it as `eval_runner(asker, path, progress) ->
EvalRun.to_dict()` (ui may not import evals). Without it the tab says it is unavailable.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.types import Answer
from ui.i18n import t
from ui.messages import one_line
from ui.render import escape_html
from ui.service import WebService

logger = logging.getLogger(__name__)

EvalRunner = Callable[[Any, Path, Callable[[int, int], None]], dict[str, Any]]
TABLE_COLUMNS = ["id", "question", "expected", "answered", "failed"]
METRIC_ORDER = (
    "questions", "correct", "accuracy", "evidence_cited", "facts", "commune_recall",
    "wrong_communes", "abstention", "false_abstentions", "hit_at_1", "hit_at_5", "mrr",
    "latency_p50_ms", "latency_p95_ms", "errors",
)  # fmt: skip


class QueuedAsker:
    """Routes an evaluation's questions through the shared work queue."""

    def __init__(self, service: WebService) -> None:
        self._service = service

    def ask(self, question: str, *, history: Any = None, filters: Any = None) -> Answer:
        return self._service.ask(question, history=history, filters=filters)

    def communes(self) -> list[str]:
        return self._service.assistant.communes()


def build_evaluation(
    service: WebService, question_sets: dict[str, str], lang_box: Any, lang: str
) -> tuple[tuple[Any, str], ...]:
    if service.eval_runner is None:
        gr.Markdown(f"**{t('eval_unavailable', lang)}**", elem_id="bc-eval-unavailable")
        return ()
    names = sorted(question_sets)
    pick = gr.Dropdown(names, value=names[0] if names else None, label=t("eval_pick", lang))
    upload = gr.File(file_types=[".jsonl"], type="filepath", label=t("eval_upload", lang))
    run = gr.Button(t("eval_run", lang), variant="primary", elem_id="bc-eval-run")
    metrics = gr.Dataframe(
        headers=["metric", "value"], label=t("eval_metrics", lang), elem_id="bc-eval-metrics"
    )
    chart = gr.HTML(elem_id="bc-eval-chart")
    table = gr.Dataframe(
        headers=TABLE_COLUMNS, wrap=True, label=t("eval_table", lang), elem_id="bc-eval-table"
    )

    def handler(
        name: str | None,
        uploaded: str | None,
        code: str,
        progress: gr.Progress = gr.Progress(),  # noqa: B008 - Gradio injects it by default value
    ) -> tuple[Any, ...]:
        return _run(service, question_sets, name, uploaded, code, progress)

    run.click(handler, [pick, upload, lang_box], [metrics, chart, table])
    return ((pick, "eval_pick"), (upload, "eval_upload"), (run, "eval_run"))


def _run(
    service: WebService,
    question_sets: dict[str, str],
    name: str | None,
    uploaded: str | None,
    lang: str,
    progress: gr.Progress,
) -> tuple[Any, ...]:
    path = Path(uploaded) if uploaded else Path(question_sets.get(name or "", ""))
    if not path.is_file():
        gr.Warning(t("eval_pick", lang) + "?")
        return (gr.skip(), gr.skip(), gr.skip())
    runner = service.eval_runner
    assert runner is not None  # the button exists only when a runner was given
    try:
        run = runner(QueuedAsker(service), path, lambda done, total: progress((done, total)))
    except Exception as err:  # UI boundary: one readable line
        gr.Warning(one_line(err))
        return (gr.skip(), gr.skip(), gr.skip())
    return _metrics_frame(run), _failure_frame(run), _question_frame(run)


def _metrics_frame(run: dict[str, Any]) -> list[list[str]]:
    summary = run.get("summary", {})
    return [[key, _fmt(key, summary[key])] for key in METRIC_ORDER if key in summary]


RATIOS = {
    "accuracy",
    "evidence_cited",
    "facts",
    "commune_recall",
    "abstention",
    "hit_at_1",
    "hit_at_5",
}


def _fmt(key: str, value: Any) -> str:
    """Vietnamese number style: ',' decimals; ratios as percentages."""
    if value is None:
        return "—"
    if key in RATIOS:
        return f"{100 * value:.1f}%".replace(".", ",")
    if isinstance(value, float):
        return f"{value:.3f}".replace(".", ",")
    return str(value)


def _failure_frame(run: dict[str, Any]) -> str:
    """Questions per outcome ("correct" or the failed check) as plain HTML bars."""
    counts: Counter[str] = Counter()
    for item in run.get("questions", []):
        counts.update(item.get("checks", {}).get("failed") or ["correct"])
    most = max(counts.values(), default=1)
    bars = [
        f"<div class='bc-bar'><span class='bc-bar-name'>{escape_html(name)}</span>"
        f"<span class='bc-bar-fill' style='width:{70 * count / most:.0f}%'></span> {count}</div>"
        for name, count in counts.most_common()
    ]
    return "<div class='bc-chart'>" + "".join(bars) + "</div>"


def _question_frame(run: dict[str, Any]) -> list[list[Any]]:
    rows = []
    for item in run.get("questions", []):
        expect = item.get("expect", {})
        expected = ", ".join(expect.get("communes", [])) or (
            "—" if expect.get("answerable", True) else "(abstain)"
        )
        answer = item.get("answer", {})
        answered = "(abstained)" if answer.get("abstained") else str(answer.get("text", ""))[:300]
        failed = ", ".join(item.get("checks", {}).get("failed", [])) or "✓"
        rows.append([item.get("id"), item.get("question"), expected, answered, failed])
    return rows
