"""Inline form XObjects into a page's operators so hidden-text checks see their text.

pypdf extracts text inside form XObjects (`Do`) on its own, with no way to filter it;
a crafted PDF could hide instructions there. Replacing each form `Do` by
`q <form matrix> cm ...form operators... Q` puts that text in the page stream, where
`VisibilityTracker` judges it in context (colour, size and position inherited from the
page). The form's fonts are copied into the page's font resources under unique names.
"""

from __future__ import annotations

from typing import Any

from pypdf.generic import ContentStream, DictionaryObject, NameObject, NumberObject

from ingest.loaders.pdf_visibility import Operation

_IDENTITY = [NumberObject(value) for value in (1, 0, 0, 1, 0, 0)]
MAX_FORM_DEPTH = 6
MAX_INLINED_OPERATIONS = 3_000_000
"""A form drawn many times, or forms nesting forms, must not multiply without end."""


class FormsTooLargeError(Exception):
    """Inlining would exceed MAX_INLINED_OPERATIONS (the loader reports the file)."""


def inline_forms(operations: list[Operation], page: Any, reader: Any) -> list[Operation]:
    """The page's operators with every form XObject drawn in place."""
    resources = page.get("/Resources")
    if resources is None:
        return operations
    resources = resources.get_object()
    fonts = resources.get("/Font")
    if fonts is None:
        fonts = DictionaryObject()
        resources[NameObject("/Font")] = fonts
    inliner = _Inliner(fonts.get_object(), reader)
    return inliner.inline(operations, resources, depth=0, prefix="")


class _Inliner:
    def __init__(self, page_fonts: DictionaryObject, reader: Any) -> None:
        self._page_fonts = page_fonts
        self._reader = reader
        self._forms = 0
        self._count = 0

    def inline(
        self, operations: list[Operation], resources: Any, *, depth: int, prefix: str
    ) -> list[Operation]:
        xobjects = _dictionary(resources, "/XObject")
        out: list[Operation] = []
        for operands, operator in operations:
            form = _form(xobjects, operands) if operator == b"Do" else None
            if form is not None and depth < MAX_FORM_DEPTH:
                out.extend(self._expand(form, resources, depth))
                continue
            if operator == b"Tf" and prefix and operands:
                operands = [self._font_alias(resources, operands[0], prefix), *operands[1:]]
            out.append((operands, operator))
        self._count += len(out)
        if self._count > MAX_INLINED_OPERATIONS:
            raise FormsTooLargeError(f"more than {MAX_INLINED_OPERATIONS} drawing operations")
        return out

    def _expand(self, form: Any, parent_resources: Any, depth: int) -> list[Operation]:
        self._forms += 1
        resources = form.get("/Resources")
        # A form without resources uses its parent's (allowed by the spec for old files).
        resources = parent_resources if resources is None else resources.get_object()
        operations = list(ContentStream(form, self._reader, "bytes").operations)
        # Operands must stay PDF objects: pypdf serialises the stream before extracting.
        matrix = list(form.get("/Matrix", _IDENTITY))
        inner = self.inline(operations, resources, depth=depth + 1, prefix=f"BcForm{self._forms}_")
        return [([], b"q"), (matrix, b"cm"), *inner, ([], b"Q")]

    def _font_alias(self, resources: Any, name: Any, prefix: str) -> NameObject:
        fonts = _dictionary(resources, "/Font")
        alias = NameObject(f"/{prefix}{str(name).lstrip('/')}")
        if alias not in self._page_fonts and name in fonts:
            self._page_fonts[alias] = fonts.raw_get(name)
        return alias


def _dictionary(resources: Any, key: str) -> Any:
    value = resources.get(key) if resources is not None else None
    return value.get_object() if value is not None else {}


def _form(xobjects: Any, operands: Any) -> Any:
    if not operands or operands[0] not in xobjects:
        return None
    candidate = xobjects[operands[0]].get_object()
    return candidate if candidate.get("/Subtype") == "/Form" else None
