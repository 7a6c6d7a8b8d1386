"""Console commands, one module per feature; importing this package registers them all."""

from app.commands import assessment, certificates, classes, excel, keys, registry  # noqa: F401
