"""Render an evaluation run (the `EvalRun.to_dict()` form) as text or as one HTML page.

Both work from the plain dict so a saved `--json` file renders the same as a live run.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

# (key in the summary, label, kind): kind "ratio" prints 0.000, "count" an integer, "ms" ms.
METRICS: tuple[tuple[str, str, str], ...] = (
    ("accuracy", "accuracy (all checks hold)", "ratio"),
    ("evidence_cited", "evidence cited", "ratio"),
    ("facts", "facts present", "ratio"),
    ("commune_recall", "commune recall", "ratio"),
    ("wrong_communes", "questions naming a wrong commune", "count"),
    ("abstention", "abstention on unanswerables", "ratio"),
    ("false_abstentions", "false abstentions", "count"),
    ("hit_at_1", "retrieval hit@1", "ratio"),
    ("hit_at_5", "retrieval hit@5", "ratio"),
    ("mrr", "retrieval MRR", "ratio"),
    ("latency_p50_ms", "latency p50", "ms"),
    ("latency_p95_ms", "latency p95", "ms"),
    ("errors", "errors", "count"),
)
_ANSWER_CHARS = 90


def format_metric(value: Any, kind: str) -> str:
    if value is None:
        return "n/a"
    if kind == "ratio":
        return f"{value:.3f}"
    if kind == "ms":
        return f"{value:.0f} ms"
    return str(int(value))


def summary_rows(summary: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(label, formatted value) for every metric, in a fixed order."""
    rows = [("questions", f"{summary['questions']} ({summary['answerable']} answerable)")]
    rows += [(label, format_metric(summary.get(key), kind)) for key, label, kind in METRICS]
    return rows


def failure_note(question: Mapping[str, Any]) -> str:
    """Which checks failed, with the detail a reader needs ("communes: -Vũ Quang")."""
    checks = question["checks"]
    notes: list[str] = []
    for name in checks["failed"]:
        if name == "communes":
            notes.append("communes: missing " + ", ".join(checks["communes_missing"]))
        elif name == "wrong_communes":
            notes.append("wrong: " + ", ".join(checks["wrong_communes"]))
        elif name == "facts":
            notes.append("facts: " + "; ".join("/".join(g) for g in checks["facts_missing"]))
        elif name == "error":
            notes.append("error: " + str(question["answer"].get("error")))
        else:
            notes.append(name)
    return "; ".join(notes)


def _one_line(text: str, limit: int = _ANSWER_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def render_text(run: Mapping[str, Any], *, only_failures: bool = False) -> str:
    """Summary block, then one line per question: id, ok, failed checks, rank, answer."""
    lines = [f"{label:<36} {value}" for label, value in summary_rows(run["summary"])]
    lines += ["", f"{'id':<8} {'ok':<4} {'rank':>4} {'ms':>6}  failed checks | answer"]
    for question in run["questions"]:
        checks = question["checks"]
        if only_failures and checks["correct"]:
            continue
        rank = checks.get("evidence_rank")
        lines.append(
            f"{question['id']:<8} {'yes' if checks['correct'] else 'NO':<4} "
            f"{rank if rank else '-':>4} {question['answer']['latency_ms']:>6.0f}  "
            f"{failure_note(question) or 'ok'} | {_one_line(question['answer']['text'])}"
        )
    return "\n".join(lines)


_STYLE = """body{font-family:system-ui,sans-serif;margin:2em;max-width:1200px}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;
vertical-align:top;text-align:left}tr.fail{background:#fff0f0}tr.pass{background:#f3fff3}
.answer{white-space:pre-wrap;max-width:640px}"""


def render_html(run: Mapping[str, Any], *, title: str = "baocao evaluation") -> str:
    """A self-contained page: the summary table and every question with its answer."""
    esc = html.escape
    summary = "".join(
        f"<tr><th>{esc(label)}</th><td>{esc(value)}</td></tr>"
        for label, value in summary_rows(run["summary"])
    )
    rows = []
    for question in run["questions"]:
        checks = question["checks"]
        status = "pass" if checks["correct"] else "fail"
        rank = checks.get("evidence_rank") or "-"
        rows.append(
            f'<tr class="{status}"><td>{esc(question["id"])}</td><td>{status}</td>'
            f"<td>{esc(question['question'])}</td><td>{esc(failure_note(question))}</td>"
            f'<td>{rank}</td><td class="answer">{esc(question["answer"]["text"])}</td></tr>'
        )
    info = ", ".join(f"{k}: {v}" for k, v in run.get("info", {}).items())
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{esc(title)}'
        f"</title><style>{_STYLE}</style></head><body><h1>{esc(title)}</h1>"
        f"<p>{esc(run.get('started_at', ''))} {esc(info)}</p><table>{summary}</table>"
        "<table><tr><th>id</th><th>result</th><th>question</th><th>failed checks</th>"
        f"<th>evidence rank</th><th>answer</th></tr>{''.join(rows)}</table></body></html>\n"
    )
