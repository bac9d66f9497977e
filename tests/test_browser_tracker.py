"""The Tracker view, end to end: a real SQLite store, the real server, a real headless Chromium.

The store holds outputs/records.jsonl (with each statement's text), a copy of one statement a year
earlier loaded from its record alone (so without its text), and two later statements written for
this test that follow up the federal cabinet's directives of 11 March 2025; their follow-up rows are
inserted directly, as the linker would write them.
"""
import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from conftest import ROOT
from models import Record
from models.statement import statement_from_text
from tracker.io.inputs import iter_statements
from tracker.server.app import create_app, running_server
from tracker.store import schema
from tracker.store.database import open_store
from tracker.store.load import Incoming, load_records

from test_browser import CHROMIUM, browser, offline_context  # noqa: F401 (a fixture: one Chromium per module, launched as the page test does)

RECORDS = ROOT / "outputs" / "records.jsonl"
SCREENSHOT = ROOT / "outputs" / "tracker.png"
AS_OF = dt.date(2025, 6, 1)
EARLIER = "federal-cabinet-ev-policy"
TEXTLESS_COPY_OF = "pm-gas-supply-winter"

# Later statements of the same body, and what each says about an earlier decision: (decision id, status,
# the words that say it, a new deadline).
LATER = [
    {
        "id": "federal-cabinet-tariff-review",
        "published": dt.date(2025, 4, 16),
        "text": "ISLAMABAD, April 16: The federal cabinet on Tuesday was told that the Ministry of Industries had "
                "notified the new import tariff for electric vehicles on March 24. Prime Minister Shehbaz Sharif "
                "gave the provinces until June 30 to share their agricultural income tax data.",
        "followups": [
            ("d2", "done", "the Ministry of Industries had notified the new import tariff for electric vehicles", None),
            ("d4", "extended", "gave the provinces until June 30 to share their agricultural income tax data",
             dt.date(2025, 6, 30)),
        ],
    },
    {
        "id": "federal-cabinet-tax-data",
        "published": dt.date(2025, 7, 9),
        "text": "ISLAMABAD, July 9: The federal cabinet on Tuesday was informed that all provinces had shared their "
                "agricultural income tax data with the Federal Board of Revenue. The cabinet again directed the "
                "Power Division to submit its report on circular debt within two weeks.",
        "followups": [
            ("d4", "done", "all provinces had shared their agricultural income tax data", None),
            ("d7", "repeated", "again directed the Power Division to submit its report on circular debt", None),
        ],
    },
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.model,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium: install Debian's chromium (apt-get install chromium)"),
]


# ---------------------------------------------------------------- the store

def corpus_texts() -> dict[str, str]:
    return {item.id: item.text for item in iter_statements([str(ROOT / "corpus")]) if hasattr(item, "text")}


def stored_records() -> list[Record]:
    return [Record.model_validate_json(line) for line in RECORDS.read_text(encoding="utf-8").splitlines() if line]


def a_year_earlier(record: Record) -> Record:
    """The same statement as if published a year before, under its own id: deadlines long past."""
    def earlier(day):
        return day.replace(year=day.year - 1) if day else day

    data = json.loads(record.model_dump_json())
    data["id"] = f"{record.id}-a-year-earlier"
    copy = Record.model_validate(data)
    copy.published = earlier(copy.published)
    copy.meeting.date = earlier(copy.meeting.date)
    for decision in copy.decisions:
        if decision.deadline:
            decision.deadline.date = earlier(decision.deadline.date)
    for deadline in copy.deadlines:
        deadline.date = earlier(deadline.date)
    return copy


def decision_key(connection, statement_id: str, decision_id: str) -> int:
    return connection.execute(
        select(schema.Decision.key).join(schema.Statement)
        .where(schema.Statement.id == statement_id, schema.Statement.is_current, schema.Decision.decision_id == decision_id)
    ).scalar_one()


def later_decision(connection, statement_key: int, start: int, end: int) -> int | None:
    """The later statement's own decision over the evidence, if the extractor found one there."""
    return connection.execute(
        select(schema.Decision.key).where(schema.Decision.statement_key == statement_key,
                                          schema.Decision.start < end, schema.Decision.end > start)
    ).scalars().first()


def followup_rows(connection, statement_key: int, later: dict) -> list[dict]:
    rows = []
    for decision_id, status, words, new_deadline in later["followups"]:
        start = later["text"].index(words)
        rows.append({
            "decision_key": decision_key(connection, EARLIER, decision_id),
            "later_statement_key": statement_key,
            "later_decision_key": later_decision(connection, statement_key, start, start + len(words))
            if status == "repeated" else None,
            "status": status, "score": 0.9 if status == "done" else 0.74,
            "evidence_text": words, "evidence_start": start, "evidence_end": start + len(words),
            "new_deadline": new_deadline,
            "reasons": {"shared_body": True, "responsible": status != "repeated", "action_similarity": 0.68},
        })
    return rows


def build_store(url: str, extractor) -> None:
    """The store the tests read, at `url`: see the module's docstring."""
    store = open_store(url)
    texts = corpus_texts()
    records = stored_records()
    copy = a_year_earlier(next(r for r in records if r.id == TEXTLESS_COPY_OF))
    later = [extractor.extract(statement_from_text(s["text"], s["id"], s["published"])) for s in LATER]
    load_records(store, [Incoming(r, r.model_dump_json(), texts[r.id]) for r in records]
                 + [Incoming(copy, copy.model_dump_json(), None)]
                 + [Incoming(r, r.model_dump_json(), s["text"]) for r, s in zip(later, LATER)],
                 link=False)  # the follow-up rows below are the chains the tests look at
    with store.writer.begin() as connection:
        for spec in LATER:
            key = connection.execute(select(schema.Statement.key).where(schema.Statement.id == spec["id"])).scalar_one()
            connection.execute(insert(schema.FollowUp), followup_rows(connection, key, spec))
    store.dispose()


@pytest.fixture(scope="module")
def store_url(tmp_path_factory, extractor) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('tracker') / 'tracker.db'}"
    build_store(url, extractor)
    return url


# ---------------------------------------------------------------- the server and the browser

@pytest.fixture(scope="module")
def base_url(extractor, store_url):
    with running_server(create_app(extractor, store_url=store_url)) as url:
        yield url


@pytest.fixture
def page(browser, base_url):
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(base_url + "/")
    yield page
    context.close()


def open_tracker(page) -> None:
    page.click("#tab-tracker")
    page.wait_for_selector("#bodies table.bodies-table")


def show_overdue(page, as_of: dt.date = AS_OF, **filters: str) -> list[str]:
    page.fill("#as-of", as_of.isoformat())
    for name, value in filters.items():
        page.fill(f"#filter-{name}", value)
    page.click("#show-overdue")
    page.wait_for_selector(f"#overdue-results .summary:has-text('as of {as_of.isoformat()}')")
    return overdue_refs(page)


def overdue_refs(page) -> list[str]:
    return page.eval_on_selector_all("#overdue-results tr[data-ref]", "rows => rows.map(row => row.dataset.ref)")


def open_chain(page, ref: str) -> None:
    page.goto(page.url.split("#")[0] + f"#/tracker/decision?ref={ref.replace('#', '%23')}")
    page.wait_for_selector("#chain .chain-head")


def record_of(statement_id: str) -> Record:
    return next(r for r in stored_records() if r.id == statement_id)


def past_deadline_without_followups() -> str:
    followed = {decision_id for spec in LATER for decision_id, *_ in spec["followups"]}
    return next(f"{r.id}#{d.id}" for r in stored_records() for d in r.decisions
                if d.deadline and d.deadline.date and d.deadline.date < AS_OF
                and not (r.id == EARLIER and d.id in followed))


# ---------------------------------------------------------------- the behaviours

def test_the_tracker_view_lists_each_body_with_its_statements_and_decisions_by_month(page):
    open_tracker(page)

    sindh = record_of("sindh-cabinet-flood-package")
    row = page.locator(f"#bodies tbody tr[data-body='{sindh.meeting.body}']")
    assert row.count() == 1, page.inner_text("#bodies")
    assert row.locator("td.num").all_inner_texts() == ["1", str(len(sindh.decisions))]
    month = sindh.meeting.date.strftime("%Y-%m")
    assert row.locator(f"svg.chart g:has(title:text-is('{month}: {len(sindh.decisions)} decisions')) rect.bar").count() == 1


def test_the_overdue_list_for_a_chosen_date_holds_the_decisions_past_their_deadline(page):
    open_tracker(page)

    refs = show_overdue(page)

    assert past_deadline_without_followups() in refs
    assert f"{TEXTLESS_COPY_OF}-a-year-earlier#d3" in refs


def test_a_decision_reported_done_is_not_overdue(page):
    open_tracker(page)

    refs = show_overdue(page)

    assert f"{EARLIER}#d2" not in refs


def test_a_decision_due_after_the_chosen_date_is_not_overdue(page):
    open_tracker(page)
    later = next(f"{r.id}#{d.id}" for r in stored_records() for d in r.decisions
                 if d.deadline and d.deadline.date and d.deadline.date > AS_OF)

    refs = show_overdue(page)

    assert later not in refs


def test_an_overdue_row_says_by_how_many_days(page):
    open_tracker(page)
    ref = past_deadline_without_followups()
    statement_id, decision_id = ref.split("#")
    deadline = next(d.deadline.date for d in record_of(statement_id).decisions if d.id == decision_id)

    show_overdue(page)

    days = (AS_OF - deadline).days
    assert f"overdue by {days} days" in page.locator(f"#overdue-results tr[data-ref='{ref}']").inner_text()


def test_the_responsible_filter_keeps_only_that_partys_overdue_decisions(page):
    open_tracker(page)

    show_overdue(page, responsible="petroleum division")

    cells = page.locator("#overdue-results td.parties").all_inner_texts()
    assert cells and all("Petroleum Division" in cell for cell in cells)


def test_choosing_a_body_in_the_chart_lists_only_its_overdue_decisions(page):
    open_tracker(page)
    page.fill("#as-of", AS_OF.isoformat())

    page.click("#bodies button.body-pick:text-is('federal cabinet')")

    page.wait_for_selector("#overdue-results .summary:has-text('body “federal cabinet”')")
    bodies = page.locator("#overdue-results td.meeting-cell").all_inner_texts()
    assert bodies and all(cell.startswith("federal cabinet") for cell in bodies)


def test_the_search_box_finds_decisions_by_their_words(page):
    open_tracker(page)

    page.fill("#decision-search", "import tariff")
    page.press("#decision-search", "Enter")

    page.wait_for_selector("#search-results tr[data-ref]")
    refs = page.eval_on_selector_all("#search-results tr[data-ref]", "rows => rows.map(row => row.dataset.ref)")
    assert f"{EARLIER}#d2" in refs


def test_clicking_a_decision_opens_its_chain_of_followups(page):
    open_tracker(page)
    page.fill("#decision-search", "agricultural income tax")
    page.press("#decision-search", "Enter")

    page.click(f"#search-results tr[data-ref='{EARLIER}#d4'] button.decision-open")

    page.wait_for_selector("#chain .timeline")
    assert page.eval_on_selector_all("#chain .followup", "items => items.map(item => item.dataset.status)") \
        == ["extended", "done"]
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)


def test_an_extended_followup_shows_its_new_deadline_score_and_evidence(page):
    open_tracker(page)

    open_chain(page, f"{EARLIER}#d4")

    extended = page.locator("#chain .followup[data-status='extended']")
    assert "extended to 2025-06-30" in extended.locator(".badge").inner_text()
    assert "score 0.74" in extended.inner_text()
    assert LATER[0]["followups"][1][2] in extended.locator(".evidence").inner_text()


def test_a_followups_link_shows_its_statement_with_the_evidence_marked(page):
    open_tracker(page)
    open_chain(page, f"{EARLIER}#d4")

    page.click("#chain .followup[data-status='done'] a.statement-link")

    page.wait_for_selector("#tracker-statement mark")
    assert page.locator("#tracker-statement mark").all_inner_texts() == [LATER[1]["followups"][0][2]]
    assert page.locator("#statement-card").evaluate("node => node === document.activeElement")


def test_a_decisions_own_link_shows_its_statement_with_its_words_marked(page):
    open_tracker(page)
    open_chain(page, f"{EARLIER}#d4")
    decision = next(d for d in record_of(EARLIER).decisions if d.id == "d4")

    page.click("#chain .chain-head a.statement-link")

    page.wait_for_selector("#tracker-statement mark")
    assert page.locator("#tracker-statement mark").all_inner_texts() == [decision.text]


def test_a_statement_whose_text_was_not_stored_says_so(page):
    open_tracker(page)
    open_chain(page, f"{TEXTLESS_COPY_OF}-a-year-earlier#d3")

    page.click("#chain .chain-head a.statement-link")

    page.wait_for_selector("#tracker-statement .text-missing")
    assert "was not stored" in page.inner_text("#tracker-statement")
    assert page.locator("#tracker-statement mark").count() == 0


def test_the_arrow_keys_move_between_the_extractor_and_the_tracker(page):
    page.focus("#tab-extract")

    page.keyboard.press("ArrowRight")

    page.wait_for_selector("#tracker-view:not([hidden])")
    assert page.is_hidden("#extract-view")
    assert page.locator("#tab-tracker").evaluate("node => node === document.activeElement")


def test_without_a_store_the_tracker_view_says_how_to_start_one(browser, extractor):
    with running_server(create_app(extractor)) as url:
        context = browser.new_context()
        page = context.new_page()
        page.goto(url + "/#/tracker")
        page.wait_for_selector("#store-missing:not([hidden])")
        notice = page.inner_text("#store-missing")
        context.close()

    assert "serve --db sqlite:///outputs/tracker.db" in notice


def test_the_tracker_view_makes_no_outside_requests(browser, base_url):
    context, outside = offline_context(browser)
    page = context.new_page()
    page.goto(base_url + f"/#/tracker/decision?ref={EARLIER}%23d4")
    page.wait_for_selector("#chain .timeline")
    context.close()

    assert outside == []
