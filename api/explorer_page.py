"""The explorer's files: our own page, script and style, vis-network's from the copy bundled with pyvis,
and Swagger UI's for the API's documentation from the copy in the swagger-ui-bundle-v2 package.

The explorer is a static page that asks the API for everything it shows, so
all it needs from the server is these files. vis-network and Swagger UI come
from copies installed with the package, never a CDN, so a browser with no
internet draws the graph and the documentation; `govgraph viz` writes the
same vis-network copy into its standalone pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyvis
import swagger_ui_bundle
from markupsafe import Markup

STATIC_DIR = Path(__file__).parent / "static"
VIS_DIR = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
SWAGGER_DIR = Path(swagger_ui_bundle.swagger_ui_path)
PAGE = STATIC_DIR / "index.html"
DOCS_PAGE = STATIC_DIR / "docs.html"


@dataclass(frozen=True)
class Asset:
    path: Path
    media_type: str


# Served under /static/ by name; nothing outside this table is.
ASSETS: dict[str, Asset] = {
    "explorer.js": Asset(STATIC_DIR / "explorer.js", "text/javascript"),
    "explorer.css": Asset(STATIC_DIR / "explorer.css", "text/css"),
    "vendor/vis-network.min.js": Asset(VIS_DIR / "vis-network.min.js", "text/javascript"),
    "vendor/vis-network.css": Asset(VIS_DIR / "vis-network.css", "text/css"),
    "docs.js": Asset(STATIC_DIR / "docs.js", "text/javascript"),
    "vendor/swagger-ui/swagger-ui-bundle.js": Asset(SWAGGER_DIR / "swagger-ui-bundle.js", "text/javascript"),
    "vendor/swagger-ui/swagger-ui.css": Asset(SWAGGER_DIR / "swagger-ui.css", "text/css"),
}


@lru_cache(maxsize=1)
def vis_assets() -> tuple[Markup, Markup]:
    """vis-network's script and style from the copy bundled with pyvis, to write into a page."""
    script = ASSETS["vendor/vis-network.min.js"].path.read_text(encoding="utf-8")
    style = ASSETS["vendor/vis-network.css"].path.read_text(encoding="utf-8")
    return Markup(script), Markup(style)
