"""Opening a store: the URL, the connection settings per server, and the schema revision check.

An empty database gets the schema (Alembic's migrations up to head); one at an
older revision is refused until `store --upgrade` migrates it, so a shared
server is never migrated by accident; one at a revision this tool does not know
(written by a newer version) is refused. SQLite files run in WAL mode, so
readers never wait for a load and two loads queue instead of failing.
"""
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from models import messages
from tracker.store.problems import StoreProblem

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
DEFAULT_URL = "sqlite:///outputs/tracker.db"
SQLITE_BUSY_SECONDS = 60
# The writing connection's SQLite settings (loads and link passes; readers keep SQLite's defaults). Neither
# changes what a commit guarantees: see README, "The store", on durability.
WRITER_CACHE_KIB = 65_536  # page cache: the indexes a load inserts into at random (names, bodies) stay in memory
WAL_CHECKPOINT_PAGES = 16_384  # copy the WAL into the file every 64 MB instead of every 4 MB (SQLite's 1,000)
SCHEMA_LOCK = 0x7472616B  # PostgreSQL advisory lock held while the schema is checked or migrated ("trak")


@dataclass
class Store:
    """A database holding the tracker's tables: `writer` for loads, `reader` for queries."""

    url: str
    writer: Engine
    reader: Engine

    @property
    def dialect(self) -> str:
        return self.writer.dialect.name

    def dispose(self) -> None:
        self.writer.dispose()
        self.reader.dispose()


def shown_url(url: str) -> str:
    """The URL with its password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def alembic_config(connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head()


def known_revisions() -> set[str]:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}


def make_engine(url: str, immediate: bool) -> Engine:
    """An engine for `url`; on SQLite, `immediate` takes the write lock at BEGIN, so two writers queue
    (busy timeout) instead of one failing when it turns a read into a write."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreProblem(messages.NOT_A_DATABASE_URL.format(url=url, example=DEFAULT_URL)) from None
    if parsed.get_backend_name() != "sqlite":
        try:
            return create_engine(parsed, pool_pre_ping=True)
        except (NoSuchModuleError, ImportError) as error:
            raise StoreProblem(messages.NO_DRIVER.format(url=shown_url(url), error=error)) from None
    if parsed.database and parsed.database != ":memory:":
        folder = Path(parsed.database).parent
        if not folder.is_dir():
            raise StoreProblem(messages.NO_SUCH_FOLDER.format(url=shown_url(url), folder=folder))
    engine = create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_SECONDS})

    @event.listens_for(engine, "connect")
    def configure(dbapi_connection, record):
        dbapi_connection.isolation_level = None  # SQLAlchemy's BEGIN below, not the driver's own
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA journal_mode = WAL")  # here, outside any transaction: SQLite refuses it inside one
        if immediate:
            cursor.execute(f"PRAGMA cache_size = -{WRITER_CACHE_KIB}")
            cursor.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def current_revision(connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def open_store(url: str | None = None, *, upgrade: bool = False) -> Store:
    """The store at `url` (default: the SQLite file outputs/tracker.db), its schema checked; raises StoreProblem."""
    url = url or DEFAULT_URL
    if url == DEFAULT_URL:
        Path(make_url(url).database).parent.mkdir(exist_ok=True)  # the default store needs no set-up step
    writer, reader = make_engine(url, immediate=True), make_engine(url, immediate=False)
    store = Store(url, writer, reader)
    try:
        prepare_schema(store, upgrade)
    except DBAPIError as error:
        store.dispose()
        raise StoreProblem(messages.DATABASE_PROBLEM.format(url=shown_url(url), problem=database_message(error))) \
            from None
    except StoreProblem:
        store.dispose()
        raise
    return store


def prepare_schema(store: Store, upgrade: bool) -> None:
    with store.writer.begin() as connection:
        if store.dialect == "postgresql":
            # Two first loads into an empty database would both create the tables: the second waits here
            # (SQLite's BEGIN IMMEDIATE does the same) and then finds the schema made.
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({SCHEMA_LOCK})")
        revision = current_revision(connection)
        head = head_revision()
        if revision == head:
            return
        if revision is None and inspect(connection).get_table_names():
            raise StoreProblem(messages.NOT_OUR_STORE.format(url=shown_url(store.url)))
        if revision is not None and revision not in known_revisions():
            raise StoreProblem(messages.NEWER_STORE.format(url=shown_url(store.url), revision=revision, head=head))
        if revision is not None and not upgrade:
            raise StoreProblem(messages.OLDER_STORE.format(url=shown_url(store.url), revision=revision, head=head))
        command.upgrade(alembic_config(connection), "head")


def database_message(error: DBAPIError) -> str:
    """What went wrong, in the server's own words, without SQLAlchemy's statement dump."""
    text = str(error.orig).strip().splitlines()[0] if error.orig is not None else str(error)
    if "readonly database" in text or "read-only" in text:
        return f"the database is read-only ({text}): give a writable file or fix its permissions"
    if "unable to open database file" in text:
        return f"cannot open the database file ({text})"
    if error.connection_invalidated or "connect" in text.lower() or "could not translate host" in text:
        return f"the database server does not answer ({text})"
    return text
