"""What a user is told when something cannot be done: every such text of the CLI, the input checks,
batch runs, the store and the API, in one place (as spaCy keeps its `Errors`).

Each text says what went wrong and what to do. Fields in braces are filled with `str.format` by the
code that raises; tests that compare a whole text format the same constant. Plain Python, importing
nothing, so any layer can use it.
"""

# ---------------------------------------------------------------- command-line options (cli.py)

NOT_A_DATE = "{value!r} is not a date in YYYY-MM-DD form"
PRETTY_WITH_OUTPUT = "--format pretty prints to the terminal; -o writes JSON Lines: drop one of them"
PRETTY_WITH_DB = "--format pretty prints to the terminal; --db writes the store: drop one of them"
PARTITIONED_NEEDS_OUTPUT = "--partitioned needs -o DIR: the folder (or URL) for the part files"
PARTITIONED_WITH_DB = "--db with --partitioned: merge the parts, then load them with `store`"
STORE_NEEDS_RECORDS = "give the record files to load, or --upgrade to migrate the store's schema"
BENCH_NUMBERS = "--workers and --memory-sizes take comma-separated whole numbers"
CV_WITH_PRED = "--cv and --layers run the pipeline: drop --pred"
LAYERS_WITHOUT_CV = "--layers chooses what --cv fits: add --cv group"
BELOW_FLOOR = "below the quality floor: {failures}"
INTERRUPTED_BEFORE_START = "extract: interrupted before the run started"
TRACK_LIMIT_REACHED = "track: showing the first {limit}; ask for more with --limit"

# ---------------------------------------------------------------- batch runs (tracker/batch/)

RESUME_NEEDS_OUTPUT = "--resume needs -o/--output or --db: there is nothing to resume on stdout"
UNFINISHED_RUN = "{partial} holds an unfinished run: add --resume to continue it, or delete it to start over"
OUTPUT_IS_FOLDER = "{path}: is a folder; give a file for the output"
UNKNOWN_ENGINE = "--engine {engine}: choose one of {engines}"
SCHEDULER_WITHOUT_DASK = "--scheduler is the address of a Dask scheduler: add --engine dask"
MODEL_NOT_INSTALLED = "model {model} is not installed"
MODEL_DID_NOT_LOAD = "the model did not load: {error}"
PARTITIONED_NEEDS_DASK = "--partitioned has each Dask worker write its own part files: add --engine dask"
PARTITIONED_WITH_ERRORS_OUT = "--partitioned writes error records into part files beside the records: drop --errors-out"
PARTITIONED_FROM_STDIN = "--partitioned reads files and folders, not standard input"
PARTS_INSIDE_INPUT = "{target} is inside an input folder: its part files would be read as inputs"
PARTITIONED_RUN_THERE = "{target} holds a partitioned run: add --resume to continue it, or give another folder"
NOT_OUR_MANIFEST = "{manifest} is not a manifest of ours: {error}"
PART_CHANGED = ("{file} does not match the manifest (changed or cut short): "
                "delete its entry from manifest.json and run extract again with --resume")
NO_MANIFEST = "{target}: no {manifest}; give the folder of an `extract --partitioned` run"
UNFINISHED_PARTITIONED_RUN = ("{target} holds an unfinished run ({done}{of} partitions done): finish it with "
                              "the same extract command and --resume")
NO_SCHEDULER = ("no Dask scheduler answered at {where} within {seconds:g} s ({error}): "
                "is it running, and is the address right?")
WORKERS_WITHOUT_PIPELINE = ("the Dask workers could not set up the pipeline: {error}; install "
                            "statement-tracker (pip install -e .) where the workers run")

# ---------------------------------------------------------------- inputs (models/statement.py, tracker/io/inputs.py)

NO_SUCH_PATH = "{given}: no such file or directory"
NO_STDIN = "-: no standard input available"
PUBLISHED_NOT_A_DATE = "`published` {value!r} is not a date in YYYY-MM-DD form"
LINE_INVALID_UNICODE = "line holds unpaired surrogate escapes (invalid Unicode)"
LINE_NOT_AN_OBJECT = "line is {kind}, not an object with `text`"
FIELD_NOT_A_STRING = "`{key}` is {kind}, not a string"
LINE_WITHOUT_TEXT = "line has no `text` field"
DUPLICATE_ID = "duplicate id {given!r}: this input was renamed {renamed!r}"
HTML_INPUT = "input is HTML: extracted from its visible text, which the offsets index"
HTML_WITHOUT_TEXT = "HTML with no visible text: nothing to extract"
EMPTY_TEXT = "empty text: nothing to extract"
TEXT_TOO_LONG = "text is {length:,} characters, over the limit of {limit:,} (--max-chars); not run"
TEXT_LOOKS_BINARY = "text looks binary (mostly control characters), skipped"

# ---------------------------------------------------------------- the store (tracker/store/)

NOT_A_DATABASE_URL = "{url!r} is not a database URL (e.g. {example}, postgresql+psycopg://user@host/dbname)"
NO_DRIVER = "{url}: no driver for this database ({error})"
NO_SUCH_FOLDER = "{url}: the folder {folder} does not exist"
DATABASE_PROBLEM = "{url}: {problem}"
NOT_OUR_STORE = "{url} holds tables but no tracker schema revision: not a statement-tracker store; give another --db"
NEWER_STORE = ("{url} has schema revision {revision}, newer than this version of statement-tracker knows "
               "(up to {head}): upgrade statement-tracker to use it")
OLDER_STORE = ("{url} has schema revision {revision}, older than this version writes ({head}): "
               "run `python cli.py store --upgrade --db URL` to migrate it")
NO_STORE_AT = ("no store at {path}: load records into it first with `python cli.py store RECORDS.jsonl{given}`, "
               "or give --db URL of another store")
LOAD_INTERRUPTED = ("{url}: {problem}; the statements loaded before this point are in, whole; "
                    "run the same command again to load the rest")
NO_STORE_CONFIGURED = "no store is configured: start the server with `python cli.py serve --db URL`"
RECORD_NOT_JSON = "{where}: not a JSON record ({error}); a truncated file? nothing was loaded from it"
RECORD_NOT_OBJECT = "{where}: not a JSON object; nothing was loaded from this file"
RECORD_IS_ERROR = ("{where}: an error record (an input that failed extraction), not a record; "
                   "load the records file, not the errors file")
RECORD_VERSION = ("{where}: record schema_version {version!r} is not one this version reads "
                  "(1.0 to {newest}); nothing was loaded from this file")
RECORD_INVALID = "{where}: not a valid record: {place}: {problem}; nothing was loaded from this file"
RECORD_CUT_SHORT = "{where}: the last line is cut short (a truncated file); nothing was loaded from this file"
RECORD_NOT_UTF8 = "{where}: not UTF-8; nothing was loaded from this file"
CANNOT_READ = "{path}: {reason}"

# ---------------------------------------------------------------- questions to the store (track, the tracker API)

SEARCH_WITHOUT_WORDS = "--search {words!r} holds no words to search for"
NAME_WITHOUT_LETTERS = "--{option} {name!r} holds no letters or digits to match"
NOT_A_DECISION_REF = ("{ref!r} is not a decision reference: give '<statement id>#<decision id>', "
                      "e.g. nap_apex_kp.txt#d2")
NO_SUCH_DECISION = "no decision {ref!r} in the store (no current statement {statement!r} with a decision {decision})"
PERSON_WITHOUT_LETTERS = "{name!r} holds no letters or digits to match a person"
NO_SUCH_PERSON = "no person, actor or responsible party named like {name!r} in the store"
NO_SUCH_STATEMENT = "no statement {statement!r} in the store"
UNKNOWN_EXPORT_FORMAT = "export format {fmt!r} is not one of {formats}"
CANNOT_MAKE_FOLDER = "cannot make the folder {folder}: {reason}"
CANNOT_WRITE = "cannot write {target}: {reason}"
SINCE_AFTER_UNTIL = "since ({since}) is after until ({until}): no day can match"
AS_OF_MISSING = "Invalid request: as_of: give the day to judge on, e.g. ?as_of=2025-12-31"

# ---------------------------------------------------------------- the server and its API (tracker/server/)

EMPTY_PASTE = "the text is empty: paste a statement"
PASTE_INVALID_UNICODE = "the text holds an unpaired surrogate (\\ud800-\\udfff) and is not valid Unicode"
SEND_JSON = " Send the body as JSON with 'Content-Type: application/json' (got {content_type!r})."
BODY_TOO_LARGE = ("The request body is larger than the limit of {limit:,} bytes: "
                  "send a shorter statement, or split the batch.")
CANNOT_RESOLVE_HOST = "cannot resolve host {host!r}: {reason}"
CANNOT_LISTEN = "cannot listen on {host}:{port}: {reason}; choose another port with --port"
SERVER_DID_NOT_START = "the server did not start on {host}:{port}"
