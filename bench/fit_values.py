"""Fit which value of a cited sentence an answer leads with; write value_model.json.

    python bench/fit_values.py [--sets samples conghai-fit virhe4qa-fit] [--reuse]

For every answerable question of the fitting sets that asks a value and lists its facts,
the assistant's own stages give the candidate passages; in each passage that holds an
evidence string, every value of an asked kind is a row of
`assistant.evidence.value_choice.VALUE_FEATURES`, labelled right when it is one of the
question's facts. A conditional logit (softmax over a group's values) is fitted for each
candidate feature set; the score is the share of (passage, kind) groups whose most
probable value is right, leave-one-set-out, against two rules without fitting (the first
value; the value nearest the asked words). The feature set with the best pooled
leave-one-set-out score is fitted on all groups and shipped.
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.compose.text import LEAD_KINDS  # noqa: E402  (after the path fix above)
from assistant.evidence.model import Logistic  # noqa: E402
from assistant.evidence.value_choice import (  # noqa: E402
    VALUE_FEATURES,
    VALUE_MODEL_FILE,
    candidate_values,
    stated_values,
    value_matrix,
)
from bench.bench_devsets import open_devset  # noqa: E402
from bench.devsets import fitting_arguments, load  # noqa: E402
from bench.fit_evidence import L2, fit_conditional_logit, standardisation  # noqa: E402
from bench.results import write_section  # noqa: E402
from evals.metrics import contains_evidence, has_fact, normalise_evidence  # noqa: E402

# Candidate feature sets: where the asked words stand, what the value is (a percentage,
# followed by the counted noun, a specific date), and where the value stands.
FEATURE_SETS: dict[str, tuple[str, ...]] = {
    "nearness": VALUE_FEATURES[:2],
    "nearness + kind": VALUE_FEATURES[:6],
    "nearness + kind + place": VALUE_FEATURES[:9],
    "nearness + kind + table column": (*VALUE_FEATURES[:6], *VALUE_FEATURES[9:]),
}


@dataclass
class Group:
    """The values of one asked kind in one answering passage."""

    set_name: str
    question_id: str
    matrix: np.ndarray
    labels: np.ndarray


def main() -> int:
    parser = fitting_arguments(__doc__.splitlines()[0])
    parser.add_argument("--reuse", action="store_true", help="Reuse the gathered rows.")
    args = parser.parse_args()
    groups = gather(args.sets, args.work, args.virhe4qa, reuse=args.reuse)
    scores = {name: loso_scores(groups, args.sets, cols) for name, cols in FEATURE_SETS.items()}
    chosen = max(scores, key=lambda name: _pooled(groups, scores[name]))
    model = fit_choice(groups, FEATURE_SETS[chosen])
    report = sweep_report(groups, args.sets, scores, chosen, model)
    print(report)
    if not args.no_write:
        data = model.to_dict() | {"provenance": _provenance(args.sets, groups)}
        VALUE_MODEL_FILE.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        command = "python bench/fit_values.py --sets " + " ".join(args.sets)
        write_section("value-model", "Value an answer leads with", command, report)
    return 0


def gather(sets: Sequence[str], work: Path, virhe4qa: Path, *, reuse: bool) -> list[Group]:
    cache = work / "value-rows.pkl"
    if reuse and cache.exists():
        cached: list[Group] = pickle.loads(cache.read_bytes())
        return [g for g in cached if g.set_name in sets]
    groups: list[Group] = []
    for name in sets:
        dev = load(name, virhe4qa_path=virhe4qa)
        assistant = open_devset(name, work, virhe4qa=virhe4qa)
        for question in dev.questions:
            expect = question.expect
            if not (expect.answerable and expect.facts and expect.evidence):
                continue
            history = question.history_dicts() or None
            analysis = assistant.analyse(question.question, history=history)
            kinds = [kind for kind in analysis.answer_types if kind in LEAD_KINDS]
            if not kinds:
                continue
            _, candidates, features = assistant.evidence_inputs(question.question, history=history)
            evidence = [normalise_evidence(item) for item in expect.evidence]
            for i, passage in enumerate(candidates.passages):
                if not contains_evidence(passage.text, evidence):
                    continue
                asked = [
                    (analysis.concepts[c].phrases, features.weights[c])
                    for c in sorted(features.matched[i])
                ]
                for kind in kinds:
                    found = candidate_values(
                        passage.text,
                        kind,
                        stated_values(analysis.text),
                        (*analysis.counted, *analysis.numbered),
                    )
                    labels = [any(has_fact(v.text, g) for g in expect.facts) for v in found]
                    if not any(labels):
                        continue
                    matrix = value_matrix(
                        passage.text,
                        found,
                        asked,
                        counted=analysis.counted,
                        percent=analysis.wants_percent,
                        question=analysis.text,
                    )
                    groups.append(Group(name, question.id, matrix, np.array(labels, float)))
        assistant.close()
        print(f"{name}: {sum(g.set_name == name for g in groups)} groups", flush=True)
    cache.write_bytes(pickle.dumps(groups))
    return groups


def loso_scores(
    groups: Sequence[Group], sets: Sequence[str], features: tuple[str, ...]
) -> dict[str, float]:
    """Per set, the share of its groups chosen right by a model fitted on the other sets.

    The table set is the only one with table rows, so a model fitted without it cannot
    learn the table-column features: each of its reports is chosen by a model fitted on
    every other set and the set's other reports (leave-one-report-out).
    """
    scores = {}
    for name in sets:
        mine = [g for g in groups if g.set_name == name]
        if name.startswith("tables"):
            right = 0
            for report in {_report(g) for g in mine}:
                held = fit_choice([g for g in groups if _report(g) != report], features)
                ours = [g for g in mine if _report(g) == report]
                right += round(_share(ours, partial(_most_probable, held)) * len(ours))
            if mine:
                scores[name] = right / len(mine)
            continue
        others = [g for g in groups if g.set_name != name]
        if mine and others:
            held = fit_choice(others, features)
            scores[name] = _share(mine, partial(_most_probable, held))
    return scores


def _report(group: Group) -> str:
    """The report a table question asks about: its id less the number ("tb-vanhai-03")."""
    return f"{group.set_name}:{group.question_id.rsplit('-', 1)[0]}"


def sweep_report(
    groups: Sequence[Group],
    sets: Sequence[str],
    scores: dict[str, dict[str, float]],
    chosen: str,
    model: Logistic,
) -> str:
    present = [name for name in sets if any(g.set_name == name for g in groups)]
    lines = [
        "Groups: the values of one asked kind in a passage holding the question's evidence, "
        "where one of them is a fact of the question. Share of groups whose chosen value is "
        "right; the fitted rows are leave-one-set-out (each set chosen by a model fitted "
        "on the others; the table set, the only one with table rows, leave-one-report-out). "
        f"Shipped (bold): **{chosen}**, the best pooled.",
        "",
        "| rule | " + " | ".join(present) + " | pooled |",
        "|---|" + "---|" * (len(present) + 1),
    ]
    baselines = {"first value": lambda g: 0, "nearest asked words": _nearest}
    for label, rule in baselines.items():
        per = {name: _share([g for g in groups if g.set_name == name], rule) for name in present}
        lines.append(_row(label, per, present, groups))
    for name, per in scores.items():
        label = f"**fitted: {name}**" if name == chosen else f"fitted: {name}"
        lines.append(_row(label, per, present, groups))
    lines += [
        "",
        "Groups per set: "
        + ", ".join(f"{n} {sum(g.set_name == n for g in groups)}" for n in present)
        + f"; with more than one value: {sum(len(g.labels) > 1 for g in groups)}.",
        "",
        "| value feature | weight (standardised, all sets) |",
        "|---|---|",
        *(f"| {n} | {w:+.3f} |" for n, w in zip(model.features, model.weights, strict=True)),
    ]
    return "\n".join(lines)


def _row(label: str, per: dict[str, float], sets: Sequence[str], groups: Sequence[Group]) -> str:
    cells = " | ".join(f"{per[name]:.3f}" if name in per else "n/a" for name in sets)
    return f"| {label} | {cells} | {_pooled(groups, per):.3f} |"


def _pooled(groups: Sequence[Group], per: dict[str, float]) -> float:
    sizes = {name: sum(g.set_name == name for g in groups) for name in per}
    return sum(per[name] * sizes[name] for name in per) / max(sum(sizes.values()), 1)


def fit_choice(groups: Sequence[Group], features: tuple[str, ...], *, l2: float = L2) -> Logistic:
    """A conditional logit: P(value) is a softmax over its group's values.

    Only differences within a sentence matter, so the model learns which value of the
    sentence answers, not how often sentences hold answers. Stored as a Logistic (bias
    0), whose ranking within a group is the softmax's.
    """
    used = [VALUE_FEATURES.index(name) for name in features]
    mean, scale = standardisation(np.vstack([g.matrix[:, used] for g in groups]))
    standard = [((g.matrix[:, used] - mean) / scale, g.labels / g.labels.sum()) for g in groups]
    return Logistic(features, mean, scale, fit_conditional_logit(standard, l2=l2), 0.0)


def _nearest(group: Group) -> int:
    near = VALUE_FEATURES.index("near_before"), VALUE_FEATURES.index("near_after")
    return int(np.argmax(group.matrix[:, near[0]] + group.matrix[:, near[1]]))


def _most_probable(model: Logistic, group: Group) -> int:
    used = [VALUE_FEATURES.index(name) for name in model.features]
    return int(np.argmax(model.probabilities(group.matrix[:, used])))


def _share(groups: Sequence[Group], choose: Callable[[Group], int]) -> float:
    right = sum(bool(g.labels[choose(g)]) for g in groups)
    return right / max(len(groups), 1)


def _provenance(sets: Sequence[str], groups: Sequence[Group]) -> dict[str, object]:
    return {
        "command": "python bench/fit_values.py --sets " + " ".join(sets),
        "fitted": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d"),
        "groups": {name: sum(g.set_name == name for g in groups) for name in sets},
        "values": int(sum(len(g.labels) for g in groups)),
    }


if __name__ == "__main__":
    sys.exit(main())
