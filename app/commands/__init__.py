"""Console commands, one module per feature; importing this package registers them all."""

from app.commands import (  # noqa: F401
    assessment,
    certificates,
    classes,
    excel,
    keys,
    package,
    package_verify,
    receipt,
    receiver,
    receiver_report,
    registry,
    report,
)
