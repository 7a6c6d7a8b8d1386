"""Import the modules that register themselves in shared hooks, once, before anything runs.

Features plug into the core through small registries rather than imports from the core (which
would make cycles): reference checks that stop a referenced record from being deleted
(app.services.references), demo-data fillers (app.services.demo.FILLERS), derivation kinds
(app.services.derivations). ``main`` and the console commands call :func:`load`.
"""

from __future__ import annotations

_loaded = False


def load() -> None:
    global _loaded
    if _loaded:
        return
    import app.services.certificates  # noqa: F401 - a subject with a certificate cannot be deleted
    import app.services.demo_classes  # noqa: F401 - classes, attendance, their derivations and deletion check
    import app.services.demo_rounds  # noqa: F401 - the assessment rounds of the demo commune
    import app.services.report_demo  # noqa: F401 - the demo's targets (Sơn La plan)
    import app.services.subjects  # noqa: F401 - assessed records cannot be deleted

    _loaded = True
