"""BEIR retrieval metrics on hand-made rankings and a tiny generated dataset."""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import pytest

from cli.evaluation import run_eval_retrieval
from evals.beir import load_dataset
from evals.errors import DatasetError
from evals.retrieval import evaluate_dataset, mean_scores, score_ranking, strip_diacritics
from tests.fakes import HashEmbedder

CORPUS = [
    {
        "_id": "water@1",
        "title": "Nước sinh hoạt",
        "text": "Công trình nước sinh hoạt thôn Pứt bị hư hỏng.",
    },
    {"_id": "road@1", "title": "Giao thông", "text": "Sửa chữa tuyến đường ĐT 606 đến cửa khẩu."},
    {"_id": "forest@1", "title": "Rừng", "text": "Lễ cúng rừng và phòng cháy chữa cháy rừng."},
    {"_id": "tea@1", "title": "Chè", "text": "Sản lượng chè búp khô đạt 700 tấn."},
    {"_id": "school@1", "title": "Giáo dục", "text": "Toàn xã có 07 trường học với 82 lớp."},
    {"_id": "school@2", "title": "Giáo dục", "text": "Trường nội trú liên cấp TH&THCS xã."},
]
QUERIES = [
    {"_id": "q1", "text": "nước sinh hoạt thôn Pứt"},
    {"_id": "q2", "text": "chè búp khô"},
    {"_id": "q3", "text": "trường học"},  # two gold documents
]
QRELS = [("q1", "water@1", 1), ("q2", "tea@1", 1), ("q3", "school@1", 1), ("q3", "school@2", 1)]


def make_dataset(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "corpus.jsonl").write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in CORPUS), "utf-8"
    )
    (folder / "queries-test.jsonl").write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in QUERIES), "utf-8"
    )
    lines = ["query-id\tcorpus-id\tscore", *(f"{q}\t{d}\t{s}" for q, d, s in QRELS)]
    (folder / "qrels-test.tsv").write_text("\n".join(lines) + "\n", "utf-8")
    return folder


def test_single_gold_at_rank_three() -> None:
    scores = score_ranking(["a", "b", "gold", "c"], {"gold": 1})
    assert scores["recall@1"] == 0.0 and scores["recall@5"] == 1.0 and scores["recall@10"] == 1.0
    assert scores["mrr@10"] == pytest.approx(1 / 3)
    assert scores["ndcg@10"] == pytest.approx(1 / math.log2(4))


def test_multi_gold_recall_counts_each_gold_document() -> None:
    ranked = ["g1", "x", "x2", "x3", "x4", "x5", "g2"]
    scores = score_ranking(ranked, {"g1": 1, "g2": 1})
    assert scores["recall@1"] == 0.5 and scores["recall@5"] == 0.5 and scores["recall@10"] == 1.0
    assert scores["success@1"] == 1.0 and scores["mrr@10"] == 1.0
    ideal = 1 + 1 / math.log2(3)
    assert scores["ndcg@10"] == pytest.approx((1 + 1 / math.log2(8)) / ideal)


def test_gold_below_depth_scores_zero() -> None:
    scores = score_ranking([f"d{i}" for i in range(20)] + ["gold"], {"gold": 1})
    assert all(value == 0.0 for value in scores.values())
    with pytest.raises(ValueError, match="relevant"):
        score_ranking(["a"], {"a": 0})


def test_mean_scores() -> None:
    assert mean_scores([{"m": 1.0}, {"m": 0.0}]) == {"m": 0.5}
    assert mean_scores([]) == {}


def test_strip_diacritics_keeps_case() -> None:
    assert strip_diacritics("Điều 5 Luật Đất đai") == "Dieu 5 Luat Dat dai"


def test_load_dataset_reads_multi_gold_qrels(tmp_path: Path) -> None:
    dataset = load_dataset(make_dataset(tmp_path / "ds"), split="test")
    assert len(dataset.corpus) == 6 and dataset.qrels["q3"] == {"school@1": 1, "school@2": 1}


def test_load_dataset_errors_name_the_file(tmp_path: Path) -> None:
    folder = make_dataset(tmp_path / "ds")
    with pytest.raises(DatasetError, match=r"queries-train\.jsonl"):
        load_dataset(folder, split="train")
    (folder / "qrels-test.tsv").write_text("q1\tnowhere@9\t1\n", "utf-8")
    with pytest.raises(DatasetError, match="'nowhere@9'"):
        load_dataset(folder, split="test")
    (folder / "qrels-test.tsv").write_text("q1\twater@1\n", "utf-8")
    with pytest.raises(DatasetError, match=r"qrels-test\.tsv:1"):
        load_dataset(folder, split="test")


def test_lexical_mode_finds_exact_terms(tmp_path: Path) -> None:
    result = evaluate_dataset(
        make_dataset(tmp_path / "ds"),
        mode="lexical",
        embedder=HashEmbedder(),
        cache_path=tmp_path / "cache.sqlite",
    )
    assert result.queries == 3 and result.documents == 6
    assert result.per_query["q1"][0] == "water@1" and result.per_query["q2"][0] == "tea@1"
    assert result.metrics["recall@10"] == 1.0
    assert result.metrics["recall@1"] == pytest.approx((1 + 1 + 0.5) / 3)


def test_lexical_mode_survives_stripped_diacritics(tmp_path: Path) -> None:
    result = evaluate_dataset(
        make_dataset(tmp_path / "ds"),
        mode="lexical",
        strip_diacritics=True,
        embedder=HashEmbedder(),
    )
    assert result.per_query["q1"][0] == "water@1"


def test_dense_mode_uses_the_embedder(tmp_path: Path) -> None:
    # HashEmbedder shares no meaning between texts: only the chunk made from this very
    # sentence (and its title) is near a query that repeats it.
    folder = make_dataset(tmp_path / "ds")
    (folder / "queries-test.jsonl").write_text(
        json.dumps({"_id": "q2", "text": "Sản lượng chè búp khô đạt 700 tấn."}) + "\n", "utf-8"
    )
    (folder / "qrels-test.tsv").write_text("q2\ttea@1\t1\n", "utf-8")
    result = evaluate_dataset(folder, mode="dense", embedder=HashEmbedder(), limit=1)
    assert result.metrics["recall@1"] == 1.0


def test_eval_retrieval_command_writes_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = argparse.Namespace(
        dataset=str(make_dataset(tmp_path / "ds")),
        split="test",
        mode="hybrid",
        strip_diacritics=False,
        limit=None,
        work_dir=str(tmp_path / "work"),
        cache=str(tmp_path / "cache.sqlite"),
        json_out=str(tmp_path / "out.json"),
    )
    embedder = HashEmbedder()
    assert run_eval_retrieval(args, embedder) == 0
    assert "recall@5" in capsys.readouterr().out
    data = json.loads((tmp_path / "out.json").read_text("utf-8"))
    assert data["queries"] == 3 and 0.0 <= data["metrics"]["ndcg@10"] <= 1.0
    # A second run reads every vector from the cache.
    first_run = sum(embedder.calls)
    assert run_eval_retrieval(args, embedder) == 0
    assert first_run >= len(CORPUS) and sum(embedder.calls) == first_run
