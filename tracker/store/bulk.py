"""Bulk inserts through the driver: one executemany per table and batch, of rows the driver takes as they are.

SQLAlchemy Core's executemany builds and type-processes a parameter dictionary
per row inside the engine; at 20-odd rows a record that was a fifth of a load's
time. Here the INSERT is compiled by SQLAlchemy once per table, columns and
dialect (so quoting, casts and the driver's paramstyle are SQLAlchemy's), each
value goes through its column type's own bind processor only where the type has
one (dates and JSON on SQLite), and sqlite3's executemany gets the list. The
loader hands rows over as tuples in the order of a column list
(`insert_values`): no dictionary per row. A caller may give a column its own
bind function in place of the type's (`binds`), one that writes the same
text faster (tracker.store.load.offset_pairs_json for the entities' mentions,
a fifth of the rows' processing time through json.dumps). On PostgreSQL, SQLAlchemy's own "insertmanyvalues" (a thousand rows
per INSERT) beat psycopg's executemany of one row per statement (575 against
377 records/s at 50,000), so there the rows go through Core's insert.
"""
from dataclasses import dataclass
from operator import itemgetter
from typing import Callable, Sequence

from sqlalchemy import Connection, Table, insert


@dataclass(frozen=True)
class CompiledInsert:
    sql: str
    columns: tuple[str, ...]  # the order the driver wants the values in
    positional: bool
    reorder: Callable | None  # given-order tuple -> driver-order tuple, when the two differ
    processors: tuple[tuple[int, Callable], ...]  # (index in `columns`, bind processor) of the typed columns


_compiled: dict[tuple, CompiledInsert] = {}


def compiled_insert(connection: Connection, table: Table, names: tuple[str, ...],
                    binds: tuple[tuple[str, Callable], ...] = ()) -> CompiledInsert:
    dialect = connection.dialect
    cache_key = (dialect.name, dialect.paramstyle, table.name, names, binds)
    if cache_key not in _compiled:
        compiled = insert(table).compile(dialect=dialect, column_keys=list(names))
        order = tuple(compiled.positiontup) if compiled.positional else names
        reorder = itemgetter(*(names.index(name) for name in order)) if order != names and len(order) > 1 else None
        own = dict(binds)
        processors = tuple((index, processor) for index, name in enumerate(order)
                           if (processor := own.get(name) or table.c[name].type.dialect_impl(dialect).bind_processor(dialect)))
        _compiled[cache_key] = CompiledInsert(compiled.string, order, compiled.positional, reorder, processors)
    return _compiled[cache_key]


def insert_rows(connection: Connection, table: type | Table, rows: list[dict]) -> None:
    """Insert `rows` (dictionaries with the same keys) into `table` (a declarative class or a Table)."""
    if rows:
        names = tuple(rows[0])
        insert_values(connection, table, names, [tuple(row[name] for name in names) for row in rows])


def insert_values(connection: Connection, table: type | Table, columns: Sequence[str], values: list[tuple],
                  binds: tuple[tuple[str, Callable], ...] = ()) -> None:
    """Insert `values` (tuples, one value per name of `columns`, in that order) into `table`; `binds` gives
    (column, function) pairs whose function turns the column's values into what SQLite stores, in place of the
    type's bind processor (see the module docstring)."""
    if not values:
        return
    table = getattr(table, "__table__", table)
    columns = tuple(columns)
    if connection.dialect.name != "sqlite":
        connection.execute(insert(table), [dict(zip(columns, line)) for line in values])
        return
    prepared = compiled_insert(connection, table, columns, binds)
    if prepared.reorder is not None:
        values = [prepared.reorder(line) for line in values]
    if len(prepared.processors) == 1:  # most tables: one date or JSON column, replaced by slicing
        (index, processor), = prepared.processors
        values = [line[:index] + (processor(line[index]),) + line[index + 1:] for line in values]
    elif prepared.processors:
        values = [processed(line, prepared.processors) for line in values]
    if not prepared.positional:
        values = [dict(zip(prepared.columns, line)) for line in values]
    connection.exec_driver_sql(prepared.sql, values)


def processed(line: tuple, processors: tuple[tuple[int, Callable], ...]) -> tuple:
    line = list(line)
    for index, processor in processors:
        line[index] = processor(line[index])
    return tuple(line)
