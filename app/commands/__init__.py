"""Console commands, one module per feature; importing this package registers them all."""

from app.commands import assessment, excel, registry  # noqa: F401
