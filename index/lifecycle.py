"""Batch operations over a Builder: ingest many files, reindex everything."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from index.build import Builder
from index.chunk_vectors import embed_chunks
from index.embedders import Embedder, Vectors
from index.types import DuplicateFile, FailedFile, IngestSummary
from ingest.errors import IngestError
from ingest.types import Chunk

logger = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]


def ingest_batch(
    builder: Builder,
    files: Sequence[Path],
    failed: Sequence[FailedFile] = (),
    *,
    progress: Progress | None = None,
) -> IngestSummary:
    """Ingest each file; a file that cannot be parsed is recorded and the batch goes on."""
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    embedded = 0
    failures = list(failed)
    report_ids: list[str] = []
    duplicates: list[DuplicateFile] = []
    for number, path in enumerate(files, start=1):
        try:
            result = builder.ingest_file(
                path,
                # A scan's OCR page by page, then its texts as they are embedded.
                on_page=_file_step(progress, path, number, files, step="OCR {done}/{total} pages"),
                on_embed=_file_step(
                    progress, path, number, files, step="embedding {done}/{total} texts"
                ),
            )
        except (IngestError, OSError) as err:
            message = _one_line(err, path)
            logger.warning("%s", message)
            failures.append(FailedFile.of(str(path), message, err))
            status = "failed"
        else:
            counts[result.outcome] += 1
            embedded += result.chunks_embedded
            report_ids.append(result.report_id)
            status = f"{result.outcome}, {embedded} chunks embedded"
            if result.duplicate_of is not None:
                duplicates.append(DuplicateFile(str(path), result.duplicate_of, result.report_id))
                status = f"already indexed as {result.duplicate_of}"
        if progress is not None:
            progress(f"{path.name}: {status}", number, len(files))
    return IngestSummary(
        added=counts["added"],
        updated=counts["updated"],
        unchanged=counts["unchanged"],
        chunks_embedded=embedded,
        failed=tuple(failures),
        report_ids=tuple(dict.fromkeys(report_ids)),
        duplicates=tuple(duplicates),
    )


def _file_step(
    progress: Progress | None, path: Path, number: int, files: Sequence[Path], *, step: str
) -> Callable[[int, int], None] | None:
    """A step inside one file (`step` takes done and total), shown on the file's line."""
    if progress is None:
        return None

    def on_step(done: int, total: int) -> None:
        progress(f"{path.name}: " + step.format(done=done, total=total), number - 1, len(files))

    return on_step


def _one_line(err: Exception, path: Path) -> str:
    text = " ".join(str(err).split()) or type(err).__name__
    # Ingest errors already name the file; OS errors may not.
    return text if path.name in text else f"Cannot ingest {str(path)!r}: {text}"


def reindex_all(
    builder: Builder, embedder: Embedder, *, progress: Progress | None = None
) -> IngestSummary:
    """Re-chunk every saved parse for `embedder`, embed it and swap the collection in."""
    registry = builder.registry
    entries = registry.done()
    builder.embedder = embedder
    new_ids: dict[str, tuple[str, ...]] = {}
    embedded = 0

    def batches() -> Iterator[tuple[Sequence[Chunk], Vectors]]:
        nonlocal embedded
        for number, (chunks, report_id) in enumerate(builder.rechunk_all(entries), start=1):
            vectors, count = embed_chunks(embedder, chunks, builder.cache)
            embedded += count
            new_ids[report_id] = tuple(chunk.chunk_id for chunk in chunks)
            if progress is not None:
                progress(registry.entries[report_id].source, number, len(entries))
            yield chunks, vectors

    builder.store.rebuild(embedder, batches())
    lost = [entry.report_id for entry in entries if entry.report_id not in new_ids]
    for report_id, chunk_ids in new_ids.items():
        entry = registry.entries[report_id]
        registry.entries[report_id] = type(entry)(
            **{**entry.to_json(), "chunk_ids": chunk_ids, "state": "done"}
        )
    registry.embedder_id = embedder.model_id
    registry.remove(*lost)
    registry.save()  # every entry changed: one new manifest, not a journal line each
    registry.publish()
    logger.info("Reindexed %s reports with %s", len(new_ids), embedder.model_id)
    return IngestSummary(unchanged=len(new_ids), chunks_embedded=embedded)
