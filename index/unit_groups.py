"""Which unit each chunk of the lexical index belongs to, for one-pass searches by unit.

A "which units …" question needs each unit's best chunks. Searching unit by unit scored
the whole corpus once per unit (seconds at 1,000 units); `LexicalIndex.best_per_group`
scores it once and picks each unit's best from that, given this array. Header and
closing chunks can be left out (-1): a unit's best chunk for a body question must not be
its letterhead, dropped after the sweep, when the unit keeps one chunk.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable

import numpy as np
import numpy.typing as npt

from index.lexical import LexicalIndex
from index.registry import ReportEntry

Groups = npt.NDArray[np.int32]


class UnitGroups:
    """The unit of each lexical position (-1: no unit), rebuilt when the index changes."""

    def __init__(self, *, header_ids: Callable[[], Collection[str]]) -> None:
        """`header_ids` reads the ids of every header and closing chunk (once per change)."""
        self._header_ids = header_ids
        self._built_for: tuple[LexicalIndex, str] | None = None
        self._groups: Groups = np.zeros(0, dtype=np.int32)
        self._body_groups: Groups | None = None
        self._reports: dict[str, tuple[str, ...]] = {}

    def of(
        self,
        lexical: LexicalIndex,
        entries: Iterable[ReportEntry],
        *,
        fingerprint: str,
        allowed_reports: Collection[str] | None = None,
        body_only: bool = False,
    ) -> Groups:
        """Groups for `lexical`; chunks outside `allowed_reports` (when given) are -1.

        With `body_only`, header and closing chunks are -1 too.
        """
        # The index object itself, not its id(): a new index may reuse a freed one's id.
        if self._built_for is None or (
            self._built_for[0] is not lexical or self._built_for[1] != fingerprint
        ):
            self._build(lexical, list(entries))
            self._built_for = (lexical, fingerprint)
        every = self._groups
        if body_only:
            # Local first: the web app's threads may rebuild the groups meanwhile.
            body = self._body_groups
            if body is None:
                body = every.copy()
                body[lexical.positions(self._header_ids())] = -1
                self._body_groups = body
            every = body
        if allowed_reports is None:
            return every
        groups = np.full_like(every, -1)
        positions = lexical.positions(
            cid for rid in allowed_reports for cid in self._reports.get(rid, ())
        )
        groups[positions] = every[positions]
        return groups

    def _build(self, lexical: LexicalIndex, entries: list[ReportEntry]) -> None:
        self._body_groups = None
        units: dict[str, int] = {}
        unit_of: dict[str, int] = {}
        self._reports = {}
        for entry in entries:
            self._reports[entry.report_id] = entry.chunk_ids
            unit = entry.metadata.get("commune")
            if not unit:
                continue
            number = units.setdefault(unit, len(units))
            for chunk_id in entry.chunk_ids:
                unit_of[chunk_id] = number
        self._groups = np.array(
            [unit_of.get(chunk_id, -1) for chunk_id in lexical.rows], dtype=np.int32
        )
