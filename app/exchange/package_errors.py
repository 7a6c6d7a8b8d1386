"""The one error a package reader raises: :class:`PackageRefused` with a code and a Vietnamese message."""

from __future__ import annotations


class PackageRefused(Exception):
    """A package (or receipt) that is not accepted. ``code`` is a stable English word for tests and
    scripts (``"bad_signature"``, ``"unlisted_entry"``…); ``message`` (also ``str(exc)``) says exactly
    why in Vietnamese, naming the file or ZIP entry. Nothing was written when this is raised."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message
