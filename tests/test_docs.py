"""``GET /docs``, the interactive API page (service/http/docs.py): served files, access, and a real browser.

The first tests use the Flask test client: the page is HTML that loads only this service's files,
the assets have the right types and cache headers, nothing but the listed assets is served under
``/docs/static/`` (no traversal, no listing), and with API keys on the page is public while
``/openapi.yaml`` stays protected.

The browser tests drive headless Chromium (Debian packages ``chromium`` and ``chromium-driver``)
with Selenium through the page of a real gunicorn: with the real models and keys on, the page asks
for the key, lists ``POST /v1/extract``, and "Try it out" -> "Execute" on the document's example
(an excerpt of the seed article) shows a 200 with the seed's entities; with keys off (the fake
extractor) it loads without asking.  Neither run may log a Content-Security-Policy violation or
another console error, nor load anything from another origin.  They are skipped, saying why, where
the two programs are not installed.

``HERALD_SCREENSHOT=docs/api-page.png pytest tests/test_docs.py -k real_models`` also saves the
README's screenshot of the executed example.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.app import create_app
from service.config import Config
from service.http.docs import CSP, swagger_ui_version
from service.http.openapi import SEED_EXAMPLE, build_spec
from tests import gunicorn_server
from tests.fakes import FakeExtractor

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_213a62ba50b0ddfd.txt"
KEY = "docs-test-key-0123456789abcdef"
#: Entities of the example excerpt that the real models find (seeds/000_*.expected.json has them).
SEED_ENTITIES = ("Emmanuel Macron", "Donald Trump", "Keir Starmer", "Paris")
ASSET_TYPES = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "favicon-32x32.png": "image/png",
    "docs.js": "text/javascript",
    "docs.css": "text/css",
}


class _Links(HTMLParser):
    """Every src/href of a page, and the text of its script elements."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls.extend(value for name, value in attrs if name in ("src", "href", "data-spec-url") and value)
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def _app(**overrides: Any) -> Flask:
    """An app with the fake extractor and a plain test client (/docs is HTML, not in openapi.yaml)."""
    app = create_app(Config().replace(overrides), extractor=FakeExtractor())
    app.testing = True
    app.test_client_class = FlaskClient
    return app


def _page_links(client: FlaskClient) -> _Links:
    response = client.get("/docs")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    links = _Links()
    links.feed(response.get_data(as_text=True))
    return links


def test_page_is_html_that_loads_only_local_files() -> None:
    client = _app().test_client()
    response = client.get("/docs")
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert response.headers["Content-Security-Policy"] == CSP
    assert "script-src 'self';" in CSP and "'unsafe-inline'" not in CSP
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    html = response.get_data(as_text=True)
    assert not re.search(r"(https?:)?//", html), "the page names another host"
    links = _page_links(client)
    assert all(url.startswith(("/docs/static/", "/openapi.yaml")) for url in links.urls), links.urls
    assert "/openapi.yaml" in links.urls
    # No inline script (the CSP forbids it): every script element is empty and has a src.
    assert len(links.scripts) == 2 and not any(script.strip() for script in links.scripts)
    assert {url.split("?")[0].rsplit("/", 1)[1] for url in links.urls if url.startswith("/docs/static/")} == set(
        ASSET_TYPES
    )


def test_assets_are_served_with_their_types_and_cache_headers() -> None:
    client = _app().test_client()
    for url in _page_links(client).urls:
        if not url.startswith("/docs/static/"):
            continue
        name = url.split("?")[0].rsplit("/", 1)[1]
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.mimetype == ASSET_TYPES[name], url
        assert response.cache_control.max_age == 86400 and response.cache_control.public, url
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.get_data(), url
        again = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304, url
    bundle = client.get("/docs/static/swagger-ui-bundle.js").get_data(as_text=True)
    assert "SwaggerUIBundle" in bundle


def test_swagger_ui_renders_openapi_3_1() -> None:
    """Swagger UI renders OpenAPI 3.1 (openapi.yaml's version) from 5.0 on."""
    major, *_ = swagger_ui_version().split(".")
    assert int(major) >= 5, swagger_ui_version()
    assert build_spec()["openapi"].startswith("3.1")


@pytest.mark.parametrize(
    "path",
    [
        "/docs/static/../app.py",
        "/docs/static/..%2f..%2fapp.py",
        "/docs/static/%2e%2e/%2e%2e/app.py",
        "/docs/static/..%5c..%5capp.py",
        "/docs/static/%2e%2e%2f__init__.py",
        "/docs/static/",
        "/docs/static",
        "/docs/static/VERSION",
        "/docs/static/LICENSE",
        "/docs/static/swagger-ui.js",
        "/docs/static/oauth2-redirect.html",
        "/docs/static/docs.py",
        "/docs/static/docs.js/",
        "/docs/static/%00docs.js",
        "/docs/",
    ],
)
def test_nothing_else_is_served_under_docs(path: str) -> None:
    response = _app().test_client().get(path)
    assert response.status_code == 404, path
    assert response.mimetype == "application/problem+json"


def test_with_keys_the_page_is_public_and_the_document_is_not() -> None:
    client = _app(api_keys=(KEY,)).test_client()
    links = _page_links(client)  # 200 without a key
    for url in links.urls:
        if url.startswith("/docs/static/"):
            assert client.get(url).status_code == 200, url
    assert client.get("/openapi.yaml").status_code == 401
    assert client.get("/openapi.yaml", headers={"X-API-Key": KEY}).status_code == 200
    assert client.post("/v1/extract", json=SEED_EXAMPLE).status_code == 401
    # The page still refuses foreign web origins, like every route.
    assert client.get("/docs", headers={"Origin": "https://evil.example"}).status_code == 403


def test_the_example_is_an_excerpt_of_the_seed() -> None:
    operation = build_spec()["paths"]["/v1/extract"]["post"]
    example = operation["requestBody"]["content"]["application/json"]["example"]
    assert example == SEED_EXAMPLE
    seed = SEED.read_text(encoding="utf-8")
    assert seed.lstrip().startswith(f"date {example['date']} ")
    assert example["text"] in seed and len(example["text"]) < 1000
    assert operation["requestBody"]["content"]["text/plain"]["example"] == example["text"]
    # Swagger UI sends a parameter's default; with a JSON body every query parameter is a 422.
    assert not any("default" in parameter["schema"] for parameter in operation["parameters"])


# ---- a real browser --------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
# CI installs both (.ci/run) and sets CI=true: there a missing browser fails the test instead of skipping it.
browser = pytest.mark.skipif(
    (CHROMIUM is None or CHROMEDRIVER is None) and os.environ.get("CI") != "true",
    reason="needs headless Chromium and its driver: apt-get install chromium chromium-driver",
)
EXTRACT = "#operations-default-extract"


@pytest.fixture
def chrome() -> Iterator[Any]:
    """A headless Chromium driven by Selenium, its console log kept, CSP violations recorded in the page."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    assert CHROMIUM is not None and CHROMEDRIVER is not None
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,2000",
                     "--hide-scrollbars", "--disable-gpu", "--no-first-run"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(60)
    driver.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument",
        {"source": "window.__csp = []; document.addEventListener('securitypolicyviolation', "
                   "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"},
    )
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def fixed_port() -> Iterator[int]:
    """The port the next server of tests/gunicorn_server.py takes, known before it starts.

    The server's own origin must be in HERALD_ALLOWED_ORIGINS: "Execute" is a POST from the page,
    which carries an Origin header.
    """
    port = gunicorn_server.free_port()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(gunicorn_server, "free_port", lambda: port)
        yield port


def _wait(driver: Any, timeout: float, condition: Callable[[Any], Any]) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(condition)


def _visible(driver: Any, selector: str, timeout: float = 30) -> Any:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions

    return _wait(driver, timeout, expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, selector)))


def _click(driver: Any, selector: str, timeout: float = 30) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions

    element = _wait(driver, timeout, expected_conditions.element_to_be_clickable((By.CSS_SELECTOR, selector)))
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    element.click()


def _operations(driver: Any) -> list[str]:
    from selenium.webdriver.common.by import By

    _visible(driver, ".opblock")
    return [element.get_attribute("id") for element in driver.find_elements(By.CSS_SELECTOR, ".opblock")]


def _assert_clean_console(driver: Any, base: str, expected: tuple[str, ...] = ()) -> None:
    """No CSP violation, no console error but the ``expected`` ones, nothing loaded from another origin."""
    assert driver.execute_script("return window.__csp") == []
    errors = [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    assert not [message for message in errors if "Content Security Policy" in message], errors
    assert [message for message in errors if not any(text in message for text in expected)] == [], errors
    loaded = driver.execute_script("return performance.getEntriesByType('resource').map(entry => entry.name)")
    assert loaded and all(url.startswith(base + "/") for url in loaded), loaded


def _execute_example(driver: Any) -> tuple[str, str]:
    """Open POST /v1/extract, "Try it out", "Execute" its example; the shown status code and body."""
    _click(driver, f"{EXTRACT} .opblock-summary-control")
    _click(driver, f"{EXTRACT} .try-out__btn")
    body = _visible(driver, f"{EXTRACT} .body-param__text")
    assert '"seed-000"' in body.get_attribute("value")
    _click(driver, f"{EXTRACT} .execute")
    status = _visible(driver, f"{EXTRACT} .live-responses-table tbody .response-col_status", timeout=120)
    shown = _visible(driver, f"{EXTRACT} .live-responses-table tbody .response-col_description pre")
    return status.text.strip(), shown.text


def _screenshot(driver: Any) -> None:
    """With HERALD_SCREENSHOT=<file.png>: the executed example, from the operation down to the response."""
    target = os.environ.get("HERALD_SCREENSHOT")
    if not target:
        return
    driver.execute_script("document.querySelector(arguments[0]).scrollIntoView({block: 'start'});", EXTRACT)
    driver.execute_script("window.scrollBy(0, -10);")
    path = Path(target) if Path(target).is_absolute() else ROOT / target
    path.parent.mkdir(parents=True, exist_ok=True)
    assert driver.save_screenshot(str(path)), path


@browser
def test_browser_try_it_out_with_the_real_models(chrome: Any, fixed_port: int) -> None:
    """Keys on: the page asks for the key, lists POST /v1/extract and its example answers 200 with entities."""
    from selenium.webdriver.common.by import By

    origin = f"http://127.0.0.1:{fixed_port}"
    env = {"HERALD_API_KEYS": KEY, "HERALD_ALLOWED_ORIGINS": origin}
    with gunicorn_server.running_server(workers=1, env=env) as base:
        assert base == origin
        chrome.get(f"{base}/docs")
        _visible(chrome, "#herald-key-input").send_keys(KEY)
        chrome.find_element(By.CSS_SELECTOR, "#herald-key button[type=submit]").click()
        operations = _operations(chrome)
        assert operations[0] == EXTRACT[1:], operations
        assert "POST" in chrome.find_element(By.CSS_SELECTOR, f"{EXTRACT} .opblock-summary-method").text
        assert "/v1/extract" in chrome.find_element(By.CSS_SELECTOR, f"{EXTRACT} .opblock-summary-path").text
        status, body = _execute_example(chrome)
        assert status == "200", body[:500]
        assert '"entities"' in body
        names = set(re.findall(r'"name": "([^"]+)"', body))
        assert names & set(SEED_ENTITIES), names
        assert not chrome.find_element(By.ID, "herald-key").is_displayed()
        # The first, keyless load of /openapi.yaml is the 401 that makes the page ask for the key.
        _assert_clean_console(chrome, base, expected=(f"{base}/openapi.yaml - Failed to load resource: "
                                                      "the server responded with a status of 401",))
        _screenshot(chrome)


@browser
def test_browser_page_without_keys(chrome: Any, fixed_port: int, tmp_path: Path) -> None:
    """Keys off (the fake extractor): no key form, every operation listed, the example executes."""
    from selenium.webdriver.common.by import By

    origin = f"http://127.0.0.1:{fixed_port}"
    with gunicorn_server.running_fake_app(tmp_path / "gunicorn.log", {"HERALD_ALLOWED_ORIGINS": origin}) as base:
        assert base == origin
        chrome.get(f"{base}/docs")
        operations = _operations(chrome)
        assert len(operations) == len(build_spec()["paths"]), operations
        assert not chrome.find_element(By.ID, "herald-key").is_displayed()
        status, body = _execute_example(chrome)
        assert status == "200" and '"entities"' in body, body[:500]
        _assert_clean_console(chrome, base)
