"""The web page used as an analyst would, in the system's headless Chromium (Debian's chromium and
chromium-driver, driven by selenium): the ranking with stability, a mineral's why down to sourced
facts, the matrix, a what-if slider, the chat in Chinese with a follow-up, and the Chinese page.

Each main view is photographed and the picture checked (not blank: many colours, much drawn).
Screenshots go to $CRITMIN_SCREENSHOTS when set (to look at them), else to a temporary folder.
Skipped with the reason when no Chromium is installed — except in CI, which installs it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from tests.engine.serve.service import chromium

BROWSER = chromium()
if BROWSER is None and not os.environ.get("CI"):
    pytest.skip("no Chromium to drive: apt-get install -y chromium chromium-driver", allow_module_level=True)

from PIL import Image  # noqa: E402 - pillow comes with matplotlib (test extra)
from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import StaleElementReferenceException  # noqa: E402
from selenium.webdriver.chrome.options import Options  # noqa: E402
from selenium.webdriver.chrome.service import Service as DriverService  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support import expected_conditions as ready  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

WAIT = 120  # seconds for one thing to appear (what-would-it-take and the sweep take a few; the machine is shared)
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions", "--window-size=1400,1000")


@pytest.fixture(scope="module")
def browser():
    assert BROWSER is not None, "CI must have Chromium: .ci/run installs chromium and chromium-driver"
    binary, driver = BROWSER
    options = Options()
    options.binary_location = binary
    profile = tempfile.TemporaryDirectory(prefix="critmin-chromium-")
    for flag in (*FLAGS, f"--user-data-dir={profile.name}"):
        options.add_argument(flag)
    os.environ.setdefault("SE_OFFLINE", "true")  # never let selenium look for a driver online
    session = webdriver.Chrome(service=DriverService(executable_path=driver), options=options)
    session.set_page_load_timeout(WAIT)
    try:
        yield session
    finally:
        session.quit()
        profile.cleanup()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = os.environ.get("CRITMIN_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def wait_for(browser, condition, timeout: float = WAIT):
    """``condition`` once it holds; an element the page re-rendered meanwhile is looked up again."""
    return WebDriverWait(browser, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(condition)


def click(browser, selector: str) -> None:
    """Click ``selector`` once it is clickable, even if the page re-renders it in between."""
    def clicked(b):
        element = ready.element_to_be_clickable((By.CSS_SELECTOR, selector))(b)
        if element:
            element.click()
        return bool(element)
    wait_for(browser, clicked)


def text_of(browser, selector: str) -> str:
    return browser.find_element(By.CSS_SELECTOR, selector).text


def photograph(browser, shots: Path, name: str) -> Path:
    """Save a screenshot and check it shows a page: not blank, not one flat colour."""
    path = shots / f"{name}.png"
    assert browser.save_screenshot(str(path))
    with Image.open(path) as image:
        small = image.convert("RGB").resize((280, 200))
        colours = small.getcolors(maxcolors=280 * 200)
        background = max(colours)[0] / (280 * 200)
        assert len(colours) > 40, f"{name}: only {len(colours)} colours"
        assert background < 0.93, f"{name}: {background:.0%} of the picture is one colour"
    assert not browser.find_element(By.ID, "error").is_displayed(), text_of(browser, "#error")
    return path


def test_the_ranking_with_stability(browser, service, shots):
    browser.get(service.url + "/")
    rows = wait_for(browser, lambda b: len(b.find_elements(By.CSS_SELECTOR, "#ranking-table tbody tr")) == 22 and
                    b.find_elements(By.CSS_SELECTOR, "#ranking-table tbody tr"))
    first = rows[0]
    assert first.get_attribute("data-mineral") == "cobalt"
    assert "very high" in first.text and "88.1" in first.text and "Australia" in first.text
    assert "sourcing from allies and partners" in first.text
    browser.find_element(By.ID, "stability-button").click()
    wait_for(browser, lambda b: "stability" in text_of(b, "#ranking-table thead"))
    cells = [r.find_elements(By.TAG_NAME, "td")[-1].text for r in
             browser.find_elements(By.CSS_SELECTOR, "#ranking-table tbody tr")]
    assert all(cell.endswith("%") for cell in cells)
    assert "2,000" in text_of(browser, "#stability-note")
    photograph(browser, shots, "ranking")


def test_a_mineral_answers_why_first_then_down_to_sourced_facts(browser, service, shots):
    browser.get(service.url + "/#/ranking")
    click(browser, "tr[data-mineral=nickel] a")
    answer = wait_for(browser, lambda b: "first_task" in text_of(b, "#why-answer") and
                      b.find_element(By.ID, "why-answer"))
    assert answer.text.splitlines()[1].startswith("Nickel is very high: score")  # the answer first
    tree = browser.find_element(By.ID, "derivation-tree")
    assert not tree.is_displayed()  # the derivation only on request
    browser.find_element(By.ID, "derivation-summary").click()
    for node in browser.find_elements(By.CSS_SELECTOR, "#derivation-tree details"):
        browser.execute_script("arguments[0].open = true", node)
    assert "[report: Table 5, nickel, total 2035 demand]" in tree.text
    Select(browser.find_element(By.ID, "why-not-tier")).select_by_value("high")
    browser.find_element(By.ID, "why-not-button").click()
    wait_for(browser, lambda b: b.find_element(By.ID, "why-not-text").text.strip() not in ("", "Loading…"))
    photograph(browser, shots, "mineral")


def test_the_criticality_matrix(browser, service, shots, client):
    browser.get(service.url + "/#/matrix")
    points = wait_for(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "#matrix-svg a.point"))
    rows = client.get("/api/matrix").json()["rows"]
    assert len(points) == sum(r["shortfall_2035"] is not None for r in rows)
    drawn = {p.get_attribute("data-mineral") for p in points}
    assert {"nickel", "cobalt", "zinc"} <= drawn
    labels = text_of(browser, "#matrix-chart")
    assert "Nickel" in labels and "US 2035 shortfall" in labels
    photograph(browser, shots, "matrix")


def test_a_what_if_slider_shows_what_moves(browser, service, shots):
    browser.get(service.url + "/#/whatif")
    group = wait_for(browser, lambda b: len(b.find_elements(By.CSS_SELECTOR, "#whatif-group option")) > 1 and
                     b.find_element(By.ID, "whatif-group"))
    Select(group).select_by_value("nickel")
    slider = wait_for(browser, ready.element_to_be_clickable(
        (By.CSS_SELECTOR, "input[data-key='nickel.us.projected_addition_2035_t']")))
    slider.send_keys(Keys.END)  # to the top of its documented range
    row = wait_for(browser, ready.presence_of_element_located(
        (By.CSS_SELECTOR, "#whatif-table tr[data-mineral=nickel]")))
    assert "→" in row.text
    assert "nickel.us.projected_addition_2035_t" in text_of(browser, "#whatif-assumptions")
    assert "nickel.us.projected_addition_2035_t" in browser.find_element(By.ID, "whatif-text").get_attribute(
        "textContent")
    photograph(browser, shots, "whatif")


def test_the_chat_in_chinese_with_a_follow_up(browser, service, shots):
    browser.get(service.url + "/#/ask")
    box = wait_for(browser, ready.element_to_be_clickable((By.ID, "chat-input")))
    box.send_keys("为什么镍是最优先的？", Keys.ENTER)
    wait_for(browser, lambda b: len(b.find_elements(By.CSS_SELECTOR, "#chat-log .answer-text:not(.pending)")) == 1)
    box.send_keys("那钴呢？", Keys.ENTER)
    answers = wait_for(browser, lambda b: len(found := b.find_elements(
        By.CSS_SELECTOR, "#chat-log .answer-text:not(.pending)")) == 2 and found)
    assert answers[0].text.startswith("镍的优先级为很高")  # the answer first, wholly Chinese
    assert any(line.startswith("钴的优先级为很高") for line in answers[1].text.splitlines())
    assert answers[1].get_attribute("data-intent") == "why"
    photograph(browser, shots, "ask")


def test_the_page_in_chinese(browser, service, shots):
    browser.get(service.url + "/#/ranking")
    click(browser, "#lang-zh")
    wait_for(browser, lambda b: "矿产" in text_of(b, "#ranking-table thead"))
    first = wait_for(browser, lambda b: b.find_element(By.CSS_SELECTOR, "#ranking-table tbody tr"))
    assert "钴" in first.text and "很高" in first.text
    assert text_of(browser, "#tab-matrix") == "关键性矩阵"
    photograph(browser, shots, "ranking-zh")
    browser.find_element(By.ID, "lang-en").click()
    wait_for(browser, lambda b: "mineral" in text_of(b, "#ranking-table thead"))
