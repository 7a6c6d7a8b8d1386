"""The JSON Schemas of the data package (``resources/schemas/*.schema.json``), loaded once.

:func:`validator` gives a compiled Draft 2020-12 validator; :func:`check` raises
:class:`SchemaProblem` (a Vietnamese message naming the file and the first error) for a document
that does not match. Both sides of the exchange use these: the writer before signing, the reader
after verifying.
"""

from __future__ import annotations

import json
from functools import cache

from jsonschema import Draft202012Validator

from app.i18n import _
from app.paths import resources_dir

MANIFEST = "package-manifest"
SUMMARY = "summary"
RECOGNITION = "recognition"
RECORD = "record"
DELETION = "deletion"
RECEIPT = "receipt"
RECEIVER = "receiver"


class SchemaProblem(ValueError):
    """A document that does not match its schema; ``str()`` is Vietnamese."""


@cache
def schema(name: str) -> dict:
    path = resources_dir() / "schemas" / f"{name}.schema.json"
    return json.loads(path.read_text("utf-8"))


@cache
def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(schema(name))


def problem(name: str, document) -> str | None:
    """The first schema error of ``document`` as text (``path: message``), or None when it matches."""
    error = next(iter(validator(name).iter_errors(document)), None)
    if error is None:
        return None
    where = "/".join(str(p) for p in error.absolute_path) or "(gốc)"
    return f"{where}: {error.message}"


def check(name: str, document, where: str) -> None:
    """Raise :class:`SchemaProblem` when ``document`` (from the file ``where``) breaks schema ``name``."""
    found = problem(name, document)
    if found is not None:
        raise SchemaProblem(_("Tệp {file} không đúng lược đồ {schema}: {problem}").format(
            file=where, schema=name, problem=found))
