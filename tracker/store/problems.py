"""The store's errors, in a module that imports nothing else: `extract` catches them without loading
SQLAlchemy and Alembic (0.3 s of every start) when it writes no store."""


class StoreProblem(RuntimeError):
    """The store cannot be used as asked; the message says why and what to do."""


class RecordProblem(ValueError):
    """A record line that cannot be loaded; the message names the file, the line and the cause."""
