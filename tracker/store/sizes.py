"""How much the store writes per transaction, apart from the loader so the CLI shows it without SQLAlchemy."""

LOAD_BATCH = 2000  # statements per load transaction: 500 made a 50,000-record load commit (and checkpoint) 100
# times, a third of its wall time; a batch of 2,000 records holds some 80 MB of parsed records
SINK_BATCH = 500  # records `extract --db` gathers before it writes them: a killed run loses at most these
