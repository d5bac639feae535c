"""The web edition in a real browser at a phone's size: Debian's chromium, driven by
Playwright with the system browser (Playwright never downloads one of its own here).

.ci/run installs chromium; on a machine without it (an editor's) these tests are skipped,
saying so. Every request the page makes goes through page.route: one outside the web/ folder
is refused and reported.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import pytest

from test_build import normal

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run"]
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.is_file():
        pytest.skip(f"the browser tests need Debian's chromium ({CHROMIUM}): "
                    "apt-get install chromium; .ci/run installs it")
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="playwright is a test dependency: make test installs it")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Requests:
    folder: Path
    inside: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    def route(self, route) -> None:
        """Let through what lies in the folder; refuse and note anything else."""
        url = route.request.url
        path = Path(unquote(url.removeprefix("file://"))) if url.startswith("file:///") else None
        if path is not None and path.resolve().is_relative_to(self.folder.resolve()):
            self.inside.append(url)
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()


@contextmanager
def opened(browser, page_file: Path):
    """The page at a phone's size, loaded with its images and fonts; and its requests."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, java_script_enabled=True)
    requests = Requests(page_file.parent)
    page = context.new_page()
    page.route("**/*", requests.route)
    page.goto(page_file.as_uri(), wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")
    try:
        yield page, requests
    finally:
        context.close()


def web_page(sample) -> Path:
    return Path(sample.result["outputs"]["web"])


def sideways(page) -> int:
    """How many CSS pixels the page is wider than the phone's screen: its scroll width past
    the window's, or the window itself widened (a mobile browser zooms out to fit a page
    too wide for the device width)."""
    scroll, inner = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]")
    return max(scroll - inner, inner - PHONE["width"])


def broken_images(page) -> list[str]:
    """Images not loaded, or not from a relative address."""
    return page.evaluate("""Array.from(document.images)
        .filter(i => !(i.complete && i.naturalWidth > 0)
                     || /^([a-z]+:|\\/)/i.test(i.getAttribute('src')))
        .map(i => i.getAttribute('src'))""")


def test_a_phone_reads_the_page_without_sideways_scrolling(browser, sample):
    with opened(browser, web_page(sample)) as (page, _):
        assert sideways(page) <= 0
        tables = page.locator(".table-scroll").count()
        for index in range(tables):  # a wide table scrolls inside its own box
            box = page.locator(".table-scroll").nth(index).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def test_no_request_leaves_the_web_folder_and_the_bundled_fonts_are_used(browser, sample):
    with opened(browser, web_page(sample)) as (page, requests):
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        loaded = page.evaluate("""Array.from(document.fonts)
            .filter(f => f.status === 'loaded').map(f => f.family).sort()""")
    assert requests.outside == []
    assert any(url.endswith("/index.html") for url in requests.inside)
    assert any("/anh/" in url for url in requests.inside)
    assert any(url.endswith(".woff2") for url in requests.inside)
    assert {'"Noto Serif"', '"Noto Sans"'} <= {f if f.startswith('"') else f'"{f}"'
                                                for f in loaded}


def test_every_photo_loads_from_a_file_beside_the_page(browser, sample):
    with opened(browser, web_page(sample)) as (page, _):
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        count = page.evaluate("document.images.length")
        sources = page.evaluate("Array.from(document.images).map(i => i.currentSrc)")
        assert broken_images(page) == []
    assert count == len(sample.photos) > 0
    folder = web_page(sample).parent.as_uri()
    assert all(source.startswith(folder + "/anh/") for source in sources)


def test_every_item_title_is_there_and_its_contents_link_brings_it_into_view(browser, sample):
    titles = [normal(item.title) for item in sample.issue.items]
    with opened(browser, web_page(sample)) as (page, _):
        shown = [normal(t) for t in page.locator("article > h2").all_inner_texts()]
        assert shown == titles
        links = page.locator("nav.contents a")
        assert links.count() == len(titles)
        for index, title in enumerate(titles):
            page.evaluate("window.scrollTo(0, 0)")
            link = links.nth(index)
            href = link.get_attribute("href")
            link.click()
            page.wait_for_function("h => location.hash === h", arg=href)
            target = page.evaluate("""h => {
                const element = document.getElementById(decodeURIComponent(h.slice(1)));
                if (!element) return null;
                const box = element.getBoundingClientRect();
                return {tag: element.tagName, text: element.innerText, top: box.top,
                        bottom: box.bottom, height: window.innerHeight};
            }""", href)
            assert target is not None, href
            assert target["tag"] == "H2" and normal(target["text"]) == title
            assert -1 <= target["top"] < target["height"] and target["bottom"] > 0, title


def test_the_checks_catch_a_page_too_wide_an_outside_request_and_a_broken_image(browser,
                                                                               tmp_path):
    """Twin of the tests above, on a page made to fail each of them."""
    web = tmp_path / "web"
    web.mkdir()
    (tmp_path / "bia.png").write_bytes(b"not a picture")
    (web / "index.html").write_text(
        '<!DOCTYPE html><html lang="vi"><head><meta name="viewport" '
        'content="width=device-width, initial-scale=1"><style>@font-face { font-family: X; '
        'src: url("https://fonts.example/x.woff2"); } body { font-family: X }</style></head>'
        '<body><div style="width: 600px">Rộng quá</div><img src="../bia.png" alt="Bìa">'
        '<img src="anh/khong-co.jpg" alt="Thiếu"><h2 id="a">A</h2></body></html>',
        encoding="utf-8")
    with opened(browser, web / "index.html") as (page, requests):
        assert sideways(page) > 0
        assert broken_images(page) == ["../bia.png", "anh/khong-co.jpg"]
    assert any(url.endswith("/bia.png") for url in requests.outside)
    assert "https://fonts.example/x.woff2" in requests.outside
