"""Bulk inserts through the driver: one executemany per table and batch, of rows the driver takes as they are.

SQLAlchemy Core's executemany builds and type-processes a parameter dictionary
per row inside the engine; at 20-odd rows a record that was a fifth of a load's
time. Here the INSERT is compiled by SQLAlchemy once per table, columns and
dialect (so quoting, casts and the driver's paramstyle are SQLAlchemy's), each
value goes through its column type's own bind processor only where the type has
one (dates and JSON on SQLite), and sqlite3's executemany gets the list. On
PostgreSQL, SQLAlchemy's own "insertmanyvalues" (a thousand rows per INSERT)
beat psycopg's executemany of one row per statement (575 against 377 records/s
at 50,000), so there the rows go through Core's insert.
"""
from dataclasses import dataclass
from typing import Callable

from sqlalchemy import Connection, Table, insert


@dataclass(frozen=True)
class CompiledInsert:
    sql: str
    columns: tuple[str, ...]  # the order the driver wants the values in
    positional: bool
    processors: tuple[tuple[int, Callable], ...]  # (index in `columns`, bind processor) of the typed columns


_compiled: dict[tuple, CompiledInsert] = {}


def compiled_insert(connection: Connection, table: Table, names: tuple[str, ...]) -> CompiledInsert:
    dialect = connection.dialect
    cache_key = (dialect.name, dialect.paramstyle, table.name, names)
    if cache_key not in _compiled:
        compiled = insert(table).compile(dialect=dialect, column_keys=list(names))
        order = tuple(compiled.positiontup) if compiled.positional else names
        processors = tuple((index, processor) for index, name in enumerate(order)
                           if (processor := table.c[name].type.dialect_impl(dialect).bind_processor(dialect)))
        _compiled[cache_key] = CompiledInsert(compiled.string, order, compiled.positional, processors)
    return _compiled[cache_key]


def insert_rows(connection: Connection, table: type | Table, rows: list[dict]) -> None:
    """Insert `rows` (dictionaries with the same keys) into `table` (a declarative class or a Table)."""
    if not rows:
        return
    table = getattr(table, "__table__", table)
    if connection.dialect.name != "sqlite":
        connection.execute(insert(table), rows)
        return
    prepared = compiled_insert(connection, table, tuple(rows[0]))
    values = []
    for row in rows:
        line = [row[name] for name in prepared.columns]
        for index, processor in prepared.processors:
            line[index] = processor(line[index])
        values.append(tuple(line) if prepared.positional else dict(zip(prepared.columns, line)))
    connection.exec_driver_sql(prepared.sql, values)

