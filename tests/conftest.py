"""Shared fixtures. Only tests that need the trained model load it, once per session."""
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
DEV_GOLD = SHARED / "eval" / "dev.jsonl"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def bytes_read() -> int:
    """Bytes this process has read so far (Linux's count of every read call): to show a file was not read."""
    with open("/proc/self/io", encoding="ascii") as io:
        return next(int(line.split()[1]) for line in io if line.startswith("rchar"))


@pytest.fixture(scope="session")
def nlp():
    """The full extraction pipeline on the trained model (loaded once)."""
    from pipeline import build_nlp

    return build_nlp()


@pytest.fixture(scope="session")
def extractor(nlp):
    from pipeline.extract import Extractor

    return Extractor(nlp=nlp)


@pytest.fixture(scope="session")
def cluster():
    """A Dask LocalCluster of two single-threaded worker processes, the kind `--engine dask` starts."""
    from tracker.batch.dask_engine import local_cluster

    shared = local_cluster(2)
    yield shared
    shared.close()


# ---------------------------------------------------------------- the store: SQLite and a real PostgreSQL

POSTGRES_ENV = "STATEMENT_TRACKER_TEST_PG"
POSTGRES_SCRIPT = ROOT / ".ci" / "postgres"
POSTGRES_BIN_FOLDERS = ("/usr/local/bin", "/usr/lib/postgresql/*/bin")


def postgres_binaries_exist() -> bool:
    import glob

    return any(Path(folder, "initdb").exists() for pattern in POSTGRES_BIN_FOLDERS for folder in glob.glob(pattern))


@pytest.fixture(scope="session")
def postgres_url():
    """The test server's URL: $STATEMENT_TRACKER_TEST_PG (set by .ci/run), else a private server for this session."""
    import os
    import subprocess

    if os.environ.get(POSTGRES_ENV):
        yield os.environ[POSTGRES_ENV]
        return
    if not postgres_binaries_exist():
        pytest.skip(f"no PostgreSQL server binaries (initdb in {' or '.join(POSTGRES_BIN_FOLDERS)}) and no "
                    f"{POSTGRES_ENV}: install Debian's postgresql package, as .ci/run does")
    started = subprocess.run(["bash", str(POSTGRES_SCRIPT), "start"], capture_output=True, text=True)
    if started.returncode != 0:
        pytest.fail(f".ci/postgres start failed: {started.stderr}")
    folder, url = started.stdout.split()[-2:]
    yield url
    subprocess.run(["bash", str(POSTGRES_SCRIPT), "stop", folder], capture_output=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """A URL of an empty database, once on an SQLite file and once on its own PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'tracker.db'}"
        return
    from tracker.measure.store_bench import scratch_database

    with scratch_database(request.getfixturevalue("postgres_url"), prefix="store_test") as url:
        yield url


@pytest.fixture(scope="session")
def record_lines() -> list[str]:
    """The 24 records outputs/records.jsonl holds (extracted from corpus/), as JSON lines."""
    return (ROOT / "outputs" / "records.jsonl").read_text(encoding="utf-8").splitlines()
