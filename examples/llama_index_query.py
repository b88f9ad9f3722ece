"""Plug baocao's retrieval into your own llama-index query engine.

    python examples/llama_index_query.py "Xã nào đề nghị hỗ trợ nước sinh hoạt?" \
        --index data/index --llm-url http://127.0.0.1:11434/v1 --llm-model qwen2.5

`BaocaoRetriever` gives llama-index nodes of baocao's hybrid, section-aware search, each
with the unit, report, section and page in its metadata; any llama-index LLM writes the
answer (here an OpenAI-compatible server: Ollama, vLLM, llama.cpp). Unlike baocao's own
answers, llama-index does not verify that the answer's quotes are in the reports.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass

from llama_index.core.query_engine import RetrieverQueryEngine
from llama_index.llms.openai_like import OpenAILike

from index import ReportIndex
from index.llama_retriever import BaocaoRetriever


@dataclass(frozen=True)
class Sourced:
    """The engine's answer and where its passages come from."""

    answer: str
    sources: list[str]


def ask(question: str, *, index_dir: str, llm_url: str, llm_model: str, k: int = 5) -> Sourced:
    llm = OpenAILike(model=llm_model, api_base=llm_url, api_key="not-needed", is_chat_model=True)
    with ReportIndex.open(index_dir, read_only=True) as index:
        engine = RetrieverQueryEngine.from_args(BaocaoRetriever(index, k=k), llm=llm)
        response = engine.query(question)
    sources = [
        f"{node.metadata['unit_kind']} {node.metadata['commune']} — {node.metadata['source']}"
        f" — mục {node.metadata['section']} (score {node.score:.3f})"
        for node in response.source_nodes
    ]
    return Sourced(str(response), sources)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("question")
    parser.add_argument("--index", default="data/index")
    parser.add_argument("--llm-url", required=True, help="OpenAI-compatible base URL (…/v1)")
    parser.add_argument("--llm-model", required=True)
    parser.add_argument("--k", type=int, default=5)
    args = parser.parse_args()
    result = ask(
        args.question,
        index_dir=args.index,
        llm_url=args.llm_url,
        llm_model=args.llm_model,
        k=args.k,
    )
    print(result.answer)
    for source in result.sources:
        print(" -", source)
    return 0


if __name__ == "__main__":
    sys.exit(main())
