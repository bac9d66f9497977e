"""The clerk's page, end to end, in a real headless Chromium against a real server.

Uses Debian's chromium (CI installs it); Playwright never downloads a browser.
"""
import json
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import ROOT, SEEDS
from tracker.server.app import Limits, create_app, running_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SEED = SEEDS / "003_e673693d8f3cce5a.txt"
SCREENSHOT = ROOT / "outputs" / "page.png"
MAX_CHARS = 20_000

pytestmark = [
    pytest.mark.browser,
    pytest.mark.model,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium: install Debian's chromium (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def base_url(extractor):
    with running_server(create_app(extractor, limits=Limits(max_chars=MAX_CHARS))) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, base_url):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(base_url + "/")
    page.wait_for_selector("#health.ok")
    yield page
    context.close()


def extract(page, text: str, reference: str = "2024-11-26") -> None:
    page.fill("#statement", text)
    page.fill("#reference-date", reference)
    page.click("#extract")


def highlighted_text(page, selector: str) -> list[str]:
    """Adjacent highlighted pieces joined: the passages a reader sees marked."""
    return page.eval_on_selector_all(f"#highlighted {selector}", """nodes => {
        const runs = [];
        let last = null;
        for (const node of nodes) {
            if (last && last.nextSibling === node) runs[runs.length - 1] += node.textContent;
            else runs.push(node.textContent);
            last = node;
        }
        return runs;
    }""")


def test_seed_directive_with_its_deadline_is_highlighted_and_listed(page):
    extract(page, SEED.read_text(encoding="utf-8"))
    page.wait_for_selector("#results:not([hidden])")
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    row = page.locator("#decisions tbody tr", has_text="report their resource needs")
    assert row.count() == 1, f"directive not listed; rows: {page.locator('#decisions tbody tr').all_inner_texts()}"
    assert row.get_attribute("data-kind") == "directive"
    assert "within seven days" in row.locator("td.deadline").inner_text()
    assert "2024-12-03" in row.locator("td.deadline").inner_text()
    assert "within seven days" in highlighted_text(page, ".hl-deadline")
    assert any("report their resource needs" in run for run in highlighted_text(page, ".hl-directive"))
    row.click()
    page.screenshot(path=str(SCREENSHOT), full_page=True)


def test_clicking_a_decision_row_marks_its_words_and_shows_its_fields(page):
    extract(page, "The federal cabinet directed the Ministry of Finance to submit a plan within 15 days.")
    page.wait_for_selector("#results:not([hidden])")
    assert page.locator("#decisions tbody tr").count() == 1, "the directive is not listed"

    page.click("#decisions tbody tr >> nth=0")

    assert page.locator("#highlighted .seg.active").count() > 0
    assert "actor" in page.inner_text("#details")


def test_clicking_a_highlighted_name_shows_its_entity_fields(page):
    extract(page, "Interior Minister Mohsin Naqvi chaired the meeting in Islamabad.")
    page.wait_for_selector("#results:not([hidden])")

    page.click("#highlighted .ent-PERSON >> nth=0")

    assert "PERSON" in page.inner_text("#details")


def test_ctrl_enter_extracts(page):
    page.fill("#statement", "The provincial cabinet approved Rs 5 billion for schools.")
    page.press("#statement", "Control+Enter")

    page.wait_for_selector("#results:not([hidden])")
    assert "Rs 5 billion" in page.inner_text("#highlighted")


@pytest.mark.parametrize("text, words", [
    ("", "The text is empty"),
    ("   \n  ", "The text is empty"),
    ("word " * (MAX_CHARS // 4), "the limit is 20,000"),
])
def test_bad_text_is_explained_in_words_on_the_page(page, text, words):
    extract(page, text)

    page.wait_for_selector("#error:not([hidden])")
    assert words in page.inner_text("#error")
    assert page.is_hidden("#results")


def test_a_server_error_is_explained_in_words_on_the_page(page):
    page.route("**/api/extract", lambda route: route.fulfill(
        status=500, content_type="application/json", body='{"detail": "The extraction failed on the server."}'))

    extract(page, "The cabinet met.")

    page.wait_for_selector("#error:not([hidden])")
    assert "The extraction failed on the server." in page.inner_text("#error")


def test_download_gives_the_record_as_json(page, tmp_path):
    extract(page, "The federal cabinet approved Rs 9.4 trillion.")
    page.wait_for_selector("#results:not([hidden])")

    with page.expect_download() as download:
        page.click("#download-json")
    path = tmp_path / "record.json"
    download.value.save_as(path)

    assert json.loads(path.read_text())["text_sha256"]


def offline_context(browser):
    """A browser context whose requests to anywhere but this machine are refused and listed in `outside`."""
    context = browser.new_context()
    outside: list[str] = []

    def only_this_machine(route):
        if urlparse(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_this_machine)
    return context, outside


def test_page_and_api_docs_work_with_no_outside_requests(browser, base_url):
    context, outside = offline_context(browser)
    page = context.new_page()
    page.goto(base_url + "/docs")
    page.wait_for_selector(".opblock-summary-path")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    page.goto(base_url + "/")
    page.wait_for_selector("#health.ok")
    context.close()

    assert "/api/extract" in paths
    assert outside == []
