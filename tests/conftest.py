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
