"""baocao's retrieval inside a llama-index query engine (issue 15), with a scripted LLM."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from llama_index.core.schema import QueryBundle

from index import ReportIndex
from index.llama_retriever import BaocaoRetriever
from tests.assistant.llm_server import scripted_llm_server

ROOT = Path(__file__).resolve().parents[2]
QUESTION = "Xã nào đề nghị hỗ trợ công trình nước sinh hoạt?"


def _example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("example", ROOT / "examples/llama_index_query.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up
    spec.loader.exec_module(module)
    return module


def test_nodes_carry_unit_report_section_and_page(sample_index: ReportIndex) -> None:
    nodes = BaocaoRetriever(sample_index, k=3).retrieve(QueryBundle(QUESTION))
    hits = sample_index.search(QUESTION, k=3)
    assert [n.node.node_id for n in nodes] == [hit.chunk.chunk_id for hit in hits]
    first, hit = nodes[0], hits[0]
    assert first.score == hit.score and first.node.get_content() == hit.chunk.text
    assert first.node.metadata["commune"] == hit.chunk.metadata.commune
    assert first.node.metadata["section"] == hit.chunk.label
    assert first.node.metadata["source"] == hit.chunk.source
    assert first.node.metadata["page"] == hit.chunk.page_start


def test_the_documented_example_answers_through_a_query_engine(sample_index_dir: Path) -> None:
    reply = "Xã Hùng Sơn đề nghị hỗ trợ công trình nước sinh hoạt."
    with scripted_llm_server([("reply", reply)]) as server:
        result = _example().ask(
            QUESTION, index_dir=str(sample_index_dir), llm_url=server.base_url, llm_model="m"
        )
    assert result.answer == reply
    assert len(result.sources) == 5 and all(" — mục " in source for source in result.sources)
    # The LLM was shown the retrieved passages with the unit they come from.
    prompt = str(server.requests[-1])
    assert "commune: " in prompt and "nước sinh hoạt" in prompt
