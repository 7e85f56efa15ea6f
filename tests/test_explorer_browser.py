"""The explorer in a real browser: headless Chromium against `govgraph serve` on the reference data.

What the page draws is read from its vis-network data sets and compared with
what the API answers for the same question. Every test also checks that the
page logged no error and asked nothing of any server but ours. Screenshots of
the focus, path and chain views go to test-artifacts/explorer/ for a person to
look at.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from api.viz_cli import focus_drawing

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (`.ci/run` installs it)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package (test extras) is not installed")

pytestmark = pytest.mark.engine

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "explorer"
VIEWPORT = {"width": 1600, "height": 950}
SUICIDPREVENTION = "lag:region-orebro-lan-suicidprevention"
NPO = "npo:psykisk-halsa"
OREBRO = "municipality:1880"
DAY = "2025-01-01"
# What Chromium logs by itself for an answer such as a 404; the page shows the problem instead.
FAILED_RESOURCE = "Failed to load resource: the server responded with a status of"


# -- the server --------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_ready(base: str, server: subprocess.Popen, log: Path, seconds: float = 240) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, log.read_text()
        try:
            if httpx.get(f"{base}/api/v1/health/ready", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"the server did not become ready within {seconds} s:\n{log.read_text()}")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`govgraph serve` on a data directory of its own, with the reference data loaded at start-up."""
    home = tmp_path_factory.mktemp("explorer-server")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("NEO4J_", "GOVGRAPH_"))}
    env.update(GOVGRAPH_DATA_DIR=str(home / "data"), GOVGRAPH_CONFIG=str(home / "absent.toml"))
    port = free_port()
    log = home / "server.log"
    with log.open("w") as output:
        server = subprocess.Popen([sys.executable, "-m", "graphmodel", "serve", "--port", str(port)], env=env,
                                  stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(base, server, log)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=60)


# -- the browser -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def browser() -> Iterator[sync_api.Browser]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


@dataclass
class Watched:
    """A page with everything it logged and every address it asked for."""

    page: sync_api.Page
    base: str
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def open(self, query: str) -> None:
        # The page says "starting" until its script has drawn the view or found nothing to draw.
        self.page.goto(f"{self.base}/?{query}")
        self.wait_drawn()

    def wait_drawn(self, after: str | None = None) -> None:
        """Wait until a drawing is done (a newer one than `after`, the drawing counter before an action)."""
        self.page.wait_for_function(
            "(after) => ['ready', 'error', 'idle'].includes(document.body.dataset.drawing)"
            " && (after === null || document.body.dataset.drawn !== after)", arg=after, timeout=60_000)

    def drawn_counter(self) -> str | None:
        return self.page.evaluate("() => document.body.dataset.drawn || null")

    def node_ids(self) -> set[str]:
        return set(self.page.evaluate("() => window.explorer.nodes.getIds()"))

    def edges(self) -> list[dict]:
        return self.page.evaluate("() => window.explorer.edges.get()")

    def screenshot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))

    def assert_clean(self, allowed: tuple[str, ...] = ()) -> None:
        errors = [text for text in self.errors if not text.startswith(allowed)] if allowed else self.errors
        assert errors == [], errors
        foreign = [url for url in self.requests if not url.startswith((f"{self.base}/", "data:"))]
        assert foreign == [], foreign


@pytest.fixture
def watched(browser: sync_api.Browser, base_url: str) -> Iterator[Watched]:
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    watched = Watched(page, base_url)
    page.on("console", lambda message: message.type == "error" and watched.errors.append(message.text))
    page.on("pageerror", lambda error: watched.errors.append(f"uncaught: {error}"))
    page.on("request", lambda request: watched.requests.append(request.url))
    yield watched
    context.close()


def api(base: str, path: str, **params) -> dict:
    response = httpx.get(f"{base}/api/v1{path}", params=params, timeout=60)
    assert response.status_code == 200, response.text
    return response.json()


def click_node(watched: Watched, uid: str) -> None:
    """Click where the network drew the node, as a person would."""
    point = watched.page.evaluate(
        "(uid) => window.explorer.network.canvasToDOM(window.explorer.network.getPositions([uid])[uid])", uid)
    box = watched.page.locator("#network").bounding_box()
    watched.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


# -- the tests ---------------------------------------------------------------------------------
def test_a_focus_draws_the_neighbourhood_the_api_answers_and_a_click_shows_details(watched):
    watched.open(f"view=neighbourhood&focus={SUICIDPREVENTION}&depth=1")
    around = api(watched.base, f"/nodes/{SUICIDPREVENTION}/neighbourhood", depth=1)
    assert watched.node_ids() == {node["uid"] for node in around["nodes"]}
    assert {(edge["from"], edge["to"], edge["type"]) for edge in watched.edges()} == {
        (edge["from_uid"], edge["to_uid"], edge["type"]) for edge in around["edges"]}
    assert watched.page.locator("#legend").inner_text().count("regional nivå") == 1
    watched.screenshot("focus")

    click_node(watched, "person:johanna-rask")
    details = watched.page.locator("#details")
    details.get_by_text("Sitter i").wait_for()
    assert "Johanna Rask" in details.locator("h3").inner_text()
    assert "kommunal representant" in details.inner_text()
    assert "selected=person%3Ajohanna-rask" in watched.page.url
    watched.screenshot("focus-details")
    watched.assert_clean()


def test_a_path_search_highlights_the_hops_and_explains_them_beside_the_drawing(watched):
    watched.open("view=path")
    watched.page.fill("#path-at", DAY)
    for picker, text, uid in (("from", "npo:psykisk-halsa", NPO), ("to", "Örebro", OREBRO)):
        watched.page.fill(f".picker[data-name={picker}] input", text)
        watched.page.click(f'.picker[data-name={picker}] li[data-uid="{uid}"]')
    watched.wait_drawn()
    path = api(watched.base, "/paths/contact", **{"from": NPO, "to": OREBRO, "at": DAY})
    hops = path["routes"][0]["hops"]
    highlighted = {edge["id"] for edge in watched.edges() if edge["numbers"]}
    assert highlighted == {hop_edge_id(hop) for hop in hops}
    listed = watched.page.locator("#steps li.step .explanation").all_inner_texts()
    assert listed == [hop["explanation"] for hop in hops]
    assert watched.page.locator("#steps-panel").is_visible()
    watched.screenshot("path")

    # The view is in the address: opened again, it draws the same path.
    assert f"at={DAY}" in watched.page.url and "to=municipality%3A1880" in watched.page.url
    watched.page.reload()
    watched.wait_drawn()
    assert {edge["id"] for edge in watched.edges() if edge["numbers"]} == highlighted
    watched.assert_clean()


def hop_edge_id(hop: dict) -> str:
    other = hop["to"]["uid"] if hop["stored_from"] == hop["from"]["uid"] else hop["from"]["uid"]
    return "|".join((hop["stored_from"], hop["type"], hop["role"] or "", other))


def test_a_reporting_chain_is_an_organisation_chart_and_a_neighbourhood_can_be_a_tree(watched):
    watched.open(f"view=chain&chain={SUICIDPREVENTION}&at={DAY}")
    layout = watched.page.evaluate("() => window.explorer.network.layoutEngine.options.hierarchical")
    assert layout["enabled"] is True and layout["direction"] == "UD"
    positions = watched.page.evaluate("() => window.explorer.network.getPositions()")
    subject = positions.pop(SUICIDPREVENTION)
    assert all(subject["y"] > place["y"] for place in positions.values()), "the body asked about is at the bottom"
    chain = api(watched.base, f"/chains/{SUICIDPREVENTION}", at=DAY)
    assert {step["body"]["uid"] for item in chain["chains"] for step in item["steps"]} <= watched.node_ids()
    assert watched.page.locator("#steps li.step").count() == sum(len(item["steps"]) for item in chain["chains"])
    watched.screenshot("chain")

    watched.open(f"view=neighbourhood&focus={SUICIDPREVENTION}&depth=1")
    free = watched.page.evaluate("() => window.explorer.network.layoutEngine.options.hierarchical.enabled")
    before = watched.drawn_counter()
    watched.page.check("#form-neighbourhood input[name=tree]")
    watched.wait_drawn(after=before)
    tree = watched.page.evaluate("() => window.explorer.network.layoutEngine.options.hierarchical")
    assert free is False and tree["enabled"] is True and tree["direction"] == "DU"
    assert "tree=1" in watched.page.url
    watched.assert_clean()


def test_filters_narrow_the_drawing_and_problems_are_shown_not_swallowed(watched):
    watched.open(f"view=neighbourhood&focus={SUICIDPREVENTION}&depth=2&families=reporting")
    assert {edge["family"] for edge in watched.edges()} == {"reporting"}
    assert watched.page.locator("#notes").is_visible()
    assert "Filtrerat" in watched.page.locator("#notes").inner_text()

    watched.open("view=neighbourhood&focus=lag:nowhere")
    error = watched.page.locator("#error")
    assert error.is_visible() and "lag:nowhere" in error.inner_text()
    watched.assert_clean(allowed=(FAILED_RESOURCE,))


@pytest.mark.parametrize(("focus", "depth"), [(SUICIDPREVENTION, 1), ("region:18", 2)])
def test_the_page_draws_the_nodes_govgraph_viz_draws(watched, reference_graph, focus, depth):
    watched.open(f"view=neighbourhood&focus={focus}&depth={depth}")
    standalone = focus_drawing(reference_graph, focus, depth, at=None, tree=False, limit=120, filters={})
    assert watched.node_ids() == standalone.node_ids()
    watched.assert_clean()
