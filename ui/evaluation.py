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
from ui.eval_labels import DEFAULT_SET, metric_label, metric_value, set_label
from ui.gradio_text import step_unit, warn
from ui.i18n import check_label, t
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
    choices = _set_choices(question_sets, lang)
    default = DEFAULT_SET if DEFAULT_SET in question_sets else None
    pick = gr.Dropdown(
        choices,
        value=default or (choices[0][1] if choices else None),
        label=t("eval_pick", lang),
        elem_id="bc-eval-pick",
    )
    upload = gr.File(file_types=[".jsonl"], type="filepath", label=t("eval_upload", lang))
    run = gr.Button(t("eval_run", lang), variant="primary", elem_id="bc-eval-run")
    # Two columns that fit a phone's width (names wrap); the per-question table's five
    # scroll sideways inside it, never the page.
    metrics = gr.Dataframe(
        headers=[t("eval_metric", lang), t("eval_value", lang)],
        label=t("eval_metrics", lang),
        elem_id="bc-eval-metrics",
        wrap=True,
        column_widths=["62%", "38%"],
        max_height=2000,  # every metric at once, not a box scrolled inside the page
    )
    chart = gr.HTML(elem_id="bc-eval-chart")
    table = gr.Dataframe(
        headers=[t(f"eval_col_{column}", lang) for column in TABLE_COLUMNS],
        wrap=True,
        # Readable widths on any screen: on a phone the table scrolls sideways inside itself.
        column_widths=["80px", "240px", "150px", "320px", "170px"],
        label=t("eval_table", lang),
        elem_id="bc-eval-table",
    )

    def handler(
        name: str | None,
        uploaded: str | None,
        code: str,
        progress: gr.Progress = gr.Progress(),  # noqa: B008 - Gradio injects it by default value
    ) -> tuple[Any, ...]:
        return _run(service, question_sets, name, uploaded, code, progress)

    shown = gr.State(None)  # the last run, to show again in another language
    run.click(handler, [pick, upload, lang_box], [metrics, chart, table, shown])
    lang_box.change(
        lambda run, code: _relabel(question_sets, run, code), [shown, lang_box],
        [pick, metrics, chart, table], show_progress="hidden",
    )  # fmt: skip
    return ((pick, "eval_pick"), (upload, "eval_upload"), (run, "eval_run"))


def _relabel(
    question_sets: dict[str, str], run: dict[str, Any] | None, lang: str
) -> tuple[Any, ...]:
    """The sets' descriptions, the tables' titles and headers, and the result shown, in `lang`."""
    metrics = [t("eval_metric", lang), t("eval_value", lang)]
    columns = [t(f"eval_col_{column}", lang) for column in TABLE_COLUMNS]
    if run is None:
        return (
            gr.Dropdown(choices=_set_choices(question_sets, lang)),
            gr.Dataframe(label=t("eval_metrics", lang), headers=metrics),
            gr.skip(),
            gr.Dataframe(label=t("eval_table", lang), headers=columns),
        )
    return (
        gr.Dropdown(choices=_set_choices(question_sets, lang)),
        gr.Dataframe(_metrics_frame(run, lang), label=t("eval_metrics", lang), headers=metrics),
        _failure_frame(run, lang),
        gr.Dataframe(_question_frame(run, lang), label=t("eval_table", lang), headers=columns),
    )


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
        warn(t("eval_pick", lang) + "?", lang)
        return (gr.skip(),) * 4
    runner = service.eval_runner
    assert runner is not None  # the button exists only when a runner was given
    try:
        unit = step_unit(lang, "questions")
        run = runner(
            QueuedAsker(service), path, lambda done, total: progress((done, total), unit=unit)
        )
    except Exception as err:  # UI boundary: one readable line
        warn(one_line(err), lang)
        return (gr.skip(),) * 4
    return _metrics_frame(run, lang), _failure_frame(run, lang), _question_frame(run, lang), run


def _metrics_frame(run: dict[str, Any], lang: str = "vi") -> list[list[str]]:
    summary = run.get("summary", {})
    return [
        [metric_label(key, lang), metric_value(key, summary[key], lang)]
        for key in METRIC_ORDER
        if key in summary
    ]


def _set_choices(question_sets: dict[str, str], lang: str) -> list[tuple[str, str]]:
    """(label, name) per set, the bundled samples' sets first, the default first of all."""

    def order(name: str) -> tuple[bool, bool, str]:
        return (name != DEFAULT_SET, "needs" in set_label(name, 0, "en"), name)

    return [
        (set_label(name, _count(question_sets[name]), lang), name)
        for name in sorted(question_sets, key=order)
    ]


def _count(path: str) -> int:
    try:
        return sum(1 for line in Path(path).read_text("utf-8").splitlines() if line.strip())
    except OSError:
        return 0


def _failure_frame(run: dict[str, Any], lang: str = "vi") -> str:
    """Questions per outcome ("correct" or the failed check) as plain HTML bars."""
    counts: Counter[str] = Counter()
    for item in run.get("questions", []):
        counts.update(item.get("checks", {}).get("failed") or ["correct"])
    most = max(counts.values(), default=1)
    bars = [
        f"<div class='bc-bar'><span class='bc-bar-name'>{escape_html(check_label(name, lang))}"
        "</span>"
        f"<span class='bc-bar-fill' style='width:{70 * count / most:.0f}%'></span> {count}</div>"
        for name, count in counts.most_common()
    ]
    return "<div class='bc-chart'>" + "".join(bars) + "</div>"


def _question_frame(run: dict[str, Any], lang: str = "vi") -> list[list[Any]]:
    rows = []
    for item in run.get("questions", []):
        expect = item.get("expect", {})
        expected = ", ".join(expect.get("communes", [])) or (
            "—" if expect.get("answerable", True) else t("eval_should_abstain", lang)
        )
        answer = item.get("answer", {})
        text = str(answer.get("text", ""))[:300]
        answered = t("eval_abstained", lang) if answer.get("abstained") else text
        names = item.get("checks", {}).get("failed", [])
        failed = ", ".join(check_label(name, lang) for name in names) or "✓"
        rows.append([item.get("id"), item.get("question"), expected, answered, failed])
    return rows
