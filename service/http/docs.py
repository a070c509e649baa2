"""``GET /docs``: the interactive API page (Swagger UI) rendering ``/openapi.yaml``, served with no CDN.

The page is a small HTML document that loads only files of this service: Swagger UI's
``swagger-ui-bundle.js`` and ``swagger-ui.css`` from the installed ``flask-swagger-ui`` package
(its ``dist/`` folder is the npm ``swagger-ui-dist`` build, Apache-2.0) and herald's own
``docs.js`` / ``docs.css`` (``service/http/docs_static/``), all under ``/docs/static/``.  Only the
files named by :func:`assets` are served there (anything else is a 404), so no path a client sends
reaches the file system and no folder is ever listed.

Every answer of this blueprint carries a strict Content-Security-Policy: scripts, styles and
requests from ``'self'`` only (images also from ``data:``, which Swagger UI's stylesheet uses for
its icons).  That is why Swagger UI is started by the served ``docs.js`` and not by an inline script.

Access: the page and its assets hold no data, so they are public even when API keys are on
(``service/http/auth.py``); ``/openapi.yaml`` and the operations stay as protected as they are.
When the document answers 401, ``docs.js`` asks for a key, then loads the document with it and
pre-authorizes Swagger UI's ``X-API-Key`` scheme, so "Try it out" sends it too.  The key is kept in
the page's memory only.  "Try it out" is a POST from the page, which carries an ``Origin`` header:
the service's own origin is allowed when it is reached on a loopback host (``http://localhost:8000``,
see ``service/http/auth.py``); elsewhere ``HERALD_ALLOWED_ORIGINS`` must list the page's origin, as
for any other web page's request.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import html
from importlib import resources
from pathlib import Path

from flask import Blueprint, Response, abort, send_from_directory, url_for

#: herald's own page files (the script that starts Swagger UI, the key form's style).
OWN_DIR = Path(__file__).resolve().parent / "docs_static"
#: Seconds a browser may cache an asset; every asset URL carries a hash of the file (``?v=``).
ASSET_MAX_AGE = 86400
#: The page's Content-Security-Policy: nothing inline, nothing from another origin.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

docs_bp = Blueprint("docs", __name__)


@dataclasses.dataclass(frozen=True)
class Asset:
    """One file served under ``/docs/static/``."""

    directory: Path
    mimetype: str

    def version(self, name: str) -> str:
        """A short hash of the file's bytes, for cache-busting URLs."""
        return _file_hash(self.directory / name)


def swagger_ui_dir() -> Path:
    """The ``dist/`` folder of the installed flask-swagger-ui package (the swagger-ui-dist files)."""
    return Path(str(resources.files("flask_swagger_ui") / "dist"))


def swagger_ui_version() -> str:
    """The Swagger UI version the installed package ships (its ``dist/VERSION``, e.g. ``5.34.0``)."""
    return (swagger_ui_dir() / "VERSION").read_text(encoding="utf-8").strip().removeprefix("v")


@functools.cache
def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


@functools.cache
def assets() -> dict[str, Asset]:
    """Name -> asset: the only files ``/docs/static/`` serves."""
    swagger = swagger_ui_dir()
    return {
        "swagger-ui-bundle.js": Asset(swagger, "text/javascript"),
        "swagger-ui.css": Asset(swagger, "text/css"),
        "favicon-32x32.png": Asset(swagger, "image/png"),
        "docs.js": Asset(OWN_DIR, "text/javascript"),
        "docs.css": Asset(OWN_DIR, "text/css"),
    }


def _asset_url(name: str) -> str:
    """The escaped URL of an asset, with its content hash as the cache buster."""
    return html.escape(url_for("docs.asset", name=name, v=assets()[name].version(name)))


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>herald API</title>
  <link rel="icon" type="image/png" href="{favicon}">
  <link rel="stylesheet" href="{swagger_css}">
  <link rel="stylesheet" href="{own_css}">
</head>
<body>
  <form id="herald-key" class="herald-key" hidden>
    <label for="herald-key-input">This service needs an API key:</label>
    <input id="herald-key-input" name="key" type="password" autocomplete="off" spellcheck="false" required>
    <button type="submit">Load the API</button>
    <span id="herald-key-error" class="herald-key-error" role="alert"></span>
  </form>
  <noscript>This page needs JavaScript; the API description itself is at <a href="{spec}">{spec}</a>.</noscript>
  <div id="swagger-ui" data-spec-url="{spec}"></div>
  <script src="{swagger_js}"></script>
  <script src="{own_js}"></script>
</body>
</html>
"""


@docs_bp.after_request
def _page_headers(response: Response) -> Response:
    """The strict CSP and companions on every answer of the page and its assets."""
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@docs_bp.get("/docs")
def page() -> Response:
    """The API page: Swagger UI on ``/openapi.yaml``, every file from this service."""
    body = PAGE.format(
        favicon=_asset_url("favicon-32x32.png"),
        swagger_css=_asset_url("swagger-ui.css"),
        own_css=_asset_url("docs.css"),
        swagger_js=_asset_url("swagger-ui-bundle.js"),
        own_js=_asset_url("docs.js"),
        spec=html.escape(url_for("api.openapi_document")),
    )
    response = Response(body, mimetype="text/html")
    response.headers["Cache-Control"] = "no-cache"
    return response


@docs_bp.get("/docs/static/<name>")
def asset(name: str) -> Response:
    """One of :func:`assets` (any other name is a 404), cacheable for a day, with ETag and Last-Modified."""
    found = assets().get(name)
    if found is None:
        abort(404)
    return send_from_directory(found.directory, name, mimetype=found.mimetype, max_age=ASSET_MAX_AGE)
