"""The supplier's page in a real browser (issue 14): Debian's chromium, driven by Selenium through chromium-driver,
opens the link at a phone's 360 px, answers, sends, and reads the thank-you page. `.ci/run` installs both; elsewhere
the test skips, saying why, when they are absent."""

import os
import shutil
from collections.abc import Iterator

import pytest

from bot.clock import FixedClock
from storage.db import Database
from tests.fakes.slack_api import FakeSlackApi
from tests.slack.harness import HttpSlackHarness, ask, dms_to, text_of
from tests.slack.pulse_kit import make_link, page_http_harness

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
PHONE_WIDTH = 360

pytestmark = pytest.mark.slow


@pytest.fixture
def browser() -> Iterator[object]:
    if CHROMIUM is None or DRIVER is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must have Debian's chromium and chromium-driver (.ci/run installs them)")
        pytest.skip(
            "Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    # A headless window is at least 500 px wide; a phone's viewport is emulated instead, as DevTools does.
    metrics = {"width": PHONE_WIDTH, "height": 780, "pixelRatio": 2.0, "mobile": True}
    options.add_experimental_option("mobileEmulation", {"deviceMetrics": metrics})
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def page_http(fake: FakeSlackApi, database_url: str, db: Database, clock: FixedClock) -> Iterator[HttpSlackHarness]:
    harness = page_http_harness(fake, database_url, db, clock)
    yield harness
    harness.close()


def test_a_supplier_answers_on_a_phone_sized_browser_and_sees_the_thank_you_page(
    page_http: HttpSlackHarness, browser: object
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.wait import WebDriverWait

    assert isinstance(browser, WebDriver)
    ask(page_http, "supplier add Acme strategic")
    ask(page_http, "contact add Acme: Jan de Vries")
    token = make_link(page_http)
    browser.get(f"{page_http.url}/pulse/{token}")

    assert browser.find_element(By.TAG_NAME, "h1").text == "How do you experience us as a customer?"
    width = browser.execute_script("return document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, f"the page is {width} px wide at a {PHONE_WIDTH} px screen"
    assert browser.execute_script("return getComputedStyle(document.querySelector('.scale')).display") == "grid"

    for driver_key, score in (("growth", 4), ("reliability", 2), ("support", 5), ("relative", 2)):
        browser.find_element(By.CSS_SELECTOR, f"label[for='{driver_key}-{score}']").click()
        assert browser.find_element(By.ID, f"{driver_key}-{score}").is_selected()
    browser.find_element(By.ID, "comment").send_keys("Specs arrive late")
    send = browser.find_element(By.CSS_SELECTOR, "button[type=submit]")
    send.click()
    WebDriverWait(browser, 10).until(expected_conditions.staleness_of(send))  # the next page has loaded

    assert browser.find_element(By.TAG_NAME, "h1").text == "Thank you"
    assert "Thank you, Jan de Vries" in browser.find_element(By.TAG_NAME, "p").text
    report = ask(page_http, "pulse Acme")
    assert "• Reliability: — · 2.0 · —" in report
    assert "Specs arrive late" in report
    assert any("answered the customer-of-choice pulse" in text_of(dm) for dm in dms_to(page_http, "U_ALICE"))

    browser.get(f"{page_http.url}/pulse/{token}")  # the link opened again: answered, never a second form
    assert "already been answered" in browser.find_element(By.TAG_NAME, "body").text


def test_the_language_switch_is_a_plain_link(page_http: HttpSlackHarness, browser: object) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.wait import WebDriverWait

    assert isinstance(browser, WebDriver)
    ask(page_http, "supplier add Acme strategic")
    ask(page_http, "contact add Acme: Jan de Vries")
    browser.get(f"{page_http.url}/pulse/{make_link(page_http)}")
    switch = browser.find_element(By.LINK_TEXT, "Nederlands")
    switch.click()
    WebDriverWait(browser, 10).until(expected_conditions.staleness_of(switch))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Hoe ervaart u ons als klant?"
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nl"
