"""The web page in a real headless Chromium (Debian's, driven by Selenium): lookup with the
differences marked, concordance, glossary, the keyboard path, and ə İ ı ё «» “” intact."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.server.conftest import Running

pytest.importorskip("selenium", reason="selenium is not installed (pip install -e '.[test]')")

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
PAGE = Path(__file__).resolve().parents[2] / "tm" / "server" / "static" / "index.html"


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("no chromium/chromedriver (apt-get install chromium chromium-driver, or .ci/chromium)")
    profile = tempfile.mkdtemp(prefix="tm-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}"):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def open_page(browser: webdriver.Chrome, server: Running) -> None:
    browser.get(server.url + "/")
    browser.find_element(By.ID, "token").clear()
    browser.find_element(By.ID, "token").send_keys(server.read_token)


def run(browser: webdriver.Chrome, query: str, mode: str = "lookup", to: str = "az") -> list:
    """Type ``query`` in the page, press Enter, and return the result elements."""
    browser.execute_script("document.getElementById('mode').value = arguments[0]", mode)
    target = browser.find_element(By.ID, "to")
    target.clear()
    target.send_keys(to)
    box = browser.find_element(By.ID, "q")
    box.clear()
    box.send_keys(query, Keys.ENTER)
    WebDriverWait(browser, 20).until(lambda b: b.find_element(By.ID, "status").text not in ("", "Searching…"))
    return browser.find_elements(By.CSS_SELECTOR, "#results .result")


def test_the_page_fetches_nothing_from_elsewhere() -> None:
    html = PAGE.read_text(encoding="utf-8")
    assert "http://" not in html and "https://" not in html and "<link" not in html and " src=" not in html


def test_lookup_marks_the_differences(browser: webdriver.Chrome, server: Running) -> None:
    open_page(browser, server)
    found = run(browser, "The memorial in Khojaly was opened in 2011.")
    assert found, browser.find_element(By.ID, "status").text
    first = found[0]
    assert first.find_element(By.CSS_SELECTOR, ".target").text == "Xocalıdakı abidə 2010-cu ildə açıldı."
    assert [d.text for d in first.find_elements(By.TAG_NAME, "del")] == ["2010"]
    assert [i.text for i in first.find_elements(By.TAG_NAME, "ins")] == ["2011"]


def test_concordance_marks_inflected_forms_and_keeps_letters(browser: webdriver.Chrome, server: Running) -> None:
    open_page(browser, server)
    found = run(browser, "Khojaly", mode="concordance")
    marks = [m.text for r in found for m in r.find_elements(By.CSS_SELECTOR, ".target mark")]
    assert sorted(marks) == ["Xocalıdakı", "Xocalının"]
    found = run(browser, "Алиев", mode="concordance", to="ru")
    marks = [m.text for r in found for m in r.find_elements(By.CSS_SELECTOR, ".target mark")]
    assert sorted(marks) == ["Алиев", "Алиева"]


def test_glossary_search(browser: webdriver.Chrome, server: Running) -> None:
    open_page(browser, server)
    found = run(browser, "Xocalı", mode="glossary")
    assert any("az: Xocalı" in r.text for r in found)


def test_keyboard_path_and_copy(browser: webdriver.Chrome, server: Running) -> None:
    open_page(browser, server)
    run(browser, "Khojaly", mode="concordance")
    body = browser.find_element(By.TAG_NAME, "body")
    browser.execute_script("document.activeElement.blur()")
    body.send_keys("/")
    assert browser.switch_to.active_element.get_attribute("id") == "q"
    browser.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
    first = browser.switch_to.active_element
    assert "result" in first.get_attribute("class")
    first.send_keys(Keys.ARROW_DOWN)
    second = browser.switch_to.active_element
    assert second != first and "result" in second.get_attribute("class")
    second.send_keys(Keys.ARROW_UP)
    assert browser.switch_to.active_element == first
    first.send_keys("c")
    expected = first.get_attribute("data-copy")
    WebDriverWait(browser, 10).until(lambda b: b.find_element(By.ID, "status").text == "Copied: " + expected)
    assert expected.startswith("Xocalı")


def test_azerbaijani_and_russian_text_is_not_mangled(browser: webdriver.Chrome, server: Running) -> None:
    open_page(browser, server)
    found = run(browser, "Ilham opened the exhibition today.")
    assert found[0].find_element(By.CSS_SELECTOR, ".target").text == "İlham bu gün «Işıq» sərgisini açdı."
    found = run(browser, "The tree in the square was lit.", to="ru")
    assert (
        found[0].find_element(By.CSS_SELECTOR, ".target").text
        == "На площади зажгли «новогоднюю» ёлку — “символ” праздника."
    )
    typed = "İlham Əliyev «Xocalı»: “ı, ə, ё”"
    run(browser, typed)
    assert browser.find_element(By.ID, "q").get_attribute("value") == typed
