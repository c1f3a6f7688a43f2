"""The website in a real browser: build it, serve it on localhost, open every page in headless Chromium.

Runs when Chromium and its driver are installed (Debian: ``apt-get install chromium chromium-driver``) and
skips otherwise. Set GEN_UTILS_SITE to an existing ``_build/html`` folder to test that build instead of making
a fresh one. Screenshots of the home page and one chapter are kept in ``_build/test-artifacts/``.
"""
from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "_build" / "test-artifacts"
CHROMIUM = os.environ.get("GEN_UTILS_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = os.environ.get("GEN_UTILS_CHROMEDRIVER") or shutil.which("chromedriver")
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER), reason="Chromium and chromedriver are not installed")


def toc_pages() -> list[str]:
    """Every page of the table of contents, as paths without suffix (root first)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]


@pytest.fixture(scope="module")
def site() -> Path:
    """The built website: GEN_UTILS_SITE if given, else a fresh build into a temporary folder."""
    if os.environ.get("GEN_UTILS_SITE"):
        return Path(os.environ["GEN_UTILS_SITE"])
    out = ROOT / "_build" / "site-test"
    shutil.rmtree(out, ignore_errors=True)
    book = Path(sys.executable).with_name("jupyter-book")
    subprocess.run([str(book), "build", str(ROOT), "--path-output", str(out), "--warningiserror", "--keep-going",
                    "--quiet"], check=True, cwd=ROOT)
    return out / "_build" / "html"


@pytest.fixture(scope="module")
def server(site: Path):
    """A static file server for the site on a free localhost port; yields its base URL."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium, started with the flags this offline machine needs."""
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1400,1000"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def load(browser, url: str) -> bool:
    """Open ``url`` and wait (up to 30 s) until its main heading is in the page; False if it never comes."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(url)
    try:
        WebDriverWait(browser, 30).until(lambda d: d.execute_script("return document.querySelector('main h1') !== null"))
        return True
    except TimeoutException:
        return False


def open_page(browser, server: str, page: str) -> None:
    assert load(browser, f"{server}/{page}.html"), f"{page}: no heading rendered"
    assert "404" not in browser.title, f"{page}: not found"


def assert_math_typeset(browser, page: str) -> None:
    """Every formula of the page rendered by MathJax (served with the site, so it works offline)."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    script = ("return [...document.querySelectorAll('span.math, div.math')]"
              ".filter(e => !e.querySelector('mjx-container')).length")
    total = browser.execute_script("return document.querySelectorAll('span.math, div.math').length")
    if total == 0:
        return
    try:
        WebDriverWait(browser, 30).until(lambda d: d.execute_script(script) == 0)
    except TimeoutException:
        pass
    left = browser.execute_script(script)
    assert left == 0, f"{page}: {left} of {total} formulas were not typeset by MathJax"


def test_every_page_renders_with_a_working_table_of_contents(browser, server):
    pages = toc_pages()
    for page in pages:
        open_page(browser, server, page)
        title = browser.execute_script("return document.querySelector('main h1')?.textContent || ''")
        assert title.strip(), f"{page}: no heading rendered"
        links = browser.execute_script(
            "return [...document.querySelectorAll('nav.bd-docs-nav a.reference.internal')].map(a => a.href)")
        assert len(links) >= len(pages) - 1, f"{page}: the sidebar lists {len(links)} pages"
        errors = browser.execute_script(
            "return document.querySelectorAll('.cell_output .traceback, .output.traceback, .output.error').length")
        assert errors == 0, f"{page}: shows {errors} error outputs"
    # every sidebar link leads to a page that exists
    open_page(browser, server, pages[0])
    for href in set(browser.execute_script(
            "return [...document.querySelectorAll('nav.bd-docs-nav a.reference.internal')].map(a => a.href)")):
        assert load(browser, href.split("#")[0]), f"broken link {href}"


def test_chapter_pages_show_their_figures_and_launch_in_colab(browser, server):
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    repo = config["repository"]["url"].removeprefix("https://github.com/")
    branch = config["repository"].get("branch", "main")
    chapters = [p for p in toc_pages() if p.startswith("chapters/")]
    assert chapters
    for page in chapters:
        open_page(browser, server, page)
        browser.execute_script("window.scrollTo(0, document.body.scrollHeight)")  # lazy images, if any
        images = browser.execute_script(
            "return [...document.querySelectorAll('.cell_output img')].map(i => [i.complete, i.naturalWidth])")
        assert len(images) >= 3, f"{page}: only {len(images)} figures"
        assert all(done and width > 0 for done, width in images), f"{page}: a figure did not load"
        assert_math_typeset(browser, page)
        colab = browser.execute_script(
            "return [...document.querySelectorAll('a')].map(a => a.href).filter(h => h.includes('colab.research.google.com'))")
        expected = f"https://colab.research.google.com/github/{repo}/blob/{branch}/{page}.ipynb"
        assert expected in colab, f"{page}: Colab links {colab}, expected {expected}"


def test_screenshots_are_kept(browser, server):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    chapters = [p for p in toc_pages() if p.startswith("chapters/")]
    for name, page in (("home", toc_pages()[0]), ("chapter", chapters[0])):
        open_page(browser, server, page)
        path = ARTIFACTS / f"{name}.png"
        assert browser.save_screenshot(str(path)), f"could not write {path}"
        assert path.stat().st_size > 10_000, f"{path} looks empty"
        assert re.match(rb"\x89PNG", path.read_bytes()[:4])


def test_results_table_links_every_model_to_its_chapter(browser, server):
    page = "chapters/20_evaluation"
    if page not in toc_pages():
        pytest.skip("no evaluation chapter in the table of contents")
    open_page(browser, server, page)
    hrefs = browser.execute_script(
        "return [...document.querySelectorAll('.cell_output table a')].map(a => a.getAttribute('href'))")
    results = sorted(p.stem for p in (ROOT / "book" / "results").glob("[0-9][0-9]_*.json") if p.stem != "20_evaluation")
    linked = {h.split("#")[0].removesuffix(".html") for h in hrefs}
    with_samples_or_scores = {"04_vae_mnist", "05_adversarial_autoencoder", "06_gan", "07_conditional_gan", "08_dcgan",
                              "09_infogan", "10_pix2pix", "12_wgan", "13_wgan_gp", "14_sngan", "16_autoregressive",
                              "17_normalizing_flows", "18_energy_based_models", "19_diffusion"}
    in_table = {m["chapter"] for m in json.loads((ROOT / "book" / "results" / "20_evaluation.json").read_text())
                ["numbers"]["models"]}                       # the chapters chapter 20's run found comparable
    assert in_table <= linked, f"rows without a link to their chapter: {hrefs}"
    text = browser.execute_script("return document.body.innerText")
    for name in (with_samples_or_scores & set(results)) - in_table:     # left out: the page must say so and why
        assert f"{name} (chapter {name}" in text, f"{name} is neither in the table nor named as left out"
    for href in set(hrefs):
        assert load(browser, f"{server}/chapters/{href}"), f"the table's link {href} is broken"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(ARTIFACTS / "evaluation.png"))


def test_pages_load_nothing_from_other_sites_and_show_finished_progress_bars(browser, server):
    """Offline: every script and stylesheet comes from the site; progress bars are their finished text; the Colab
    install cell (tagged remove-cell) is not on the page; the footer names the licences."""
    for page in toc_pages():
        open_page(browser, server, page)
        external = browser.execute_script(
            "return [...document.querySelectorAll('script[src], link[rel=stylesheet], link[rel=preload]')]"
            ".map(e => e.src || e.href).filter(u => /^https?:/.test(u) && !u.startsWith(location.origin))")
        assert not external, f"{page} loads {external}"
        text = browser.execute_script("return document.body.innerText")
        assert "CC BY 4.0" in text and "MIT" in text, f"{page}: the footer does not name the licences"
        if page.startswith("chapters/"):
            assert "google.colab" not in text, f"{page} shows the Colab install cell"
            widgets = browser.execute_script(  # the stored widget state may stay (inert without a manager); no views
                "return document.querySelectorAll('.jupyter-widgets, script[type=\"application/vnd.jupyter.widget-view+json\"]').length")
            assert widgets == 0, f"{page} still embeds {widgets} widget views"
    open_page(browser, server, "chapters/01_autoencoder")
    text = browser.execute_script("return document.body.innerText")
    assert re.search(r"100%\|\S*\|", text), "chapter 1 shows no finished progress bar"


def test_sound_players_are_on_the_page_and_load(browser, server):
    """Chapter 15's audio players are real <audio> elements whose WAV data (embedded in the page) the browser decodes."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    page = "chapters/15_wavegan"
    if page not in toc_pages():
        pytest.skip("no WaveGAN chapter in the table of contents")
    open_page(browser, server, page)
    count = browser.execute_script("return document.querySelectorAll('.cell_output audio').length")
    assert count >= 25, f"{page}: {count} audio players, expected one per digit and five per row of generated clips"
    browser.execute_script("document.querySelectorAll('.cell_output audio').forEach(a => { a.preload = 'auto'; a.load(); })")
    script = "return [...document.querySelectorAll('.cell_output audio')].map(a => [a.readyState, a.duration, !!a.error])"
    try:
        WebDriverWait(browser, 30).until(lambda d: all(state >= 1 for state, _, _ in d.execute_script(script)))
    except TimeoutException:
        pass
    states = browser.execute_script(script)
    assert all(state >= 1 and not error for state, _, error in states), f"{page}: players that did not load: {states}"
    assert all(abs(duration - 1.024) < 0.01 for _, duration, _ in states), f"{page}: clip durations {states}"


@pytest.fixture(scope="module")
def decks(site: Path) -> dict[str, int]:
    """The chapters' reveal.js decks built into the site's slides/ folder (npm's reveal.js, installed if missing);
    {chapter: number of slides the builder made}."""
    sys.path.insert(0, str(ROOT / "tools"))
    import slides

    reveal = ROOT / "_build" / "reveal"
    if not (reveal / "node_modules" / "reveal.js" / "dist" / "reveal.js").is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm is not installed: reveal.js cannot be fetched for the slides")
        subprocess.run([npm, "install", "--no-audit", "--no-fund", "--silent", "--prefix", str(reveal), "reveal.js@5"],
                       check=True, timeout=300)
    out = site / "slides"
    out.mkdir(exist_ok=True)
    slides.install_assets(out, reveal)
    counts = {}
    for name in ("09_infogan", "13_wgan_gp"):
        page, counts[name] = slides.deck(ROOT / "chapters" / f"{name}.ipynb")
        (out / f"{name}.slides.html").write_text(page)
    return counts


def test_each_chapter_links_its_deck_which_opens_offline_with_figures_and_math(browser, server, decks):
    for name, count in decks.items():
        open_page(browser, server, f"chapters/{name}")
        href = browser.execute_script("return document.querySelector('a.slides-link')?.href || ''")
        assert href.endswith(f"/slides/{name}.slides.html"), f"{name}: slide link {href!r}"
        browser.get(href)
        from selenium.webdriver.support.ui import WebDriverWait
        WebDriverWait(browser, 30).until(lambda d: d.execute_script(
            "return window.Reveal && Reveal.isReady() && document.querySelectorAll('mjx-container').length > 0"))
        assert browser.execute_script("return Reveal.getTotalSlides()") == count >= 8, name
        images = browser.execute_script("return [...document.images].map(i => i.complete && i.naturalWidth > 0)")
        assert len(images) >= 3 and all(images), f"{name}: {images.count(False)} of {len(images)} figures did not load"
        math = browser.execute_script("return document.querySelectorAll('mjx-container').length")
        raw = browser.execute_script("return document.querySelector('.slides').innerText.includes('$$')")
        assert math >= 1 and not raw, f"{name}: formulas not typeset ({math} rendered)"
        outside = browser.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)"
            ".filter(u => /^https?:/.test(u) && !u.startsWith(location.origin))")
        assert outside == [], f"{name}: the deck loads from other sites: {outside}"


def test_the_student_edition_has_no_solutions_and_the_book_has_them_all(site):
    sys.path.insert(0, str(ROOT / "tools"))
    import student_edition

    expected = sum(student_edition.student_notebook(json.loads(p.read_text()))
                   for p in sorted((ROOT / "chapters").glob("*.ipynb")))
    assert expected >= 20
    title = re.compile(r'admonition-title">\s*Solution\s*<')

    def solutions(html_root: Path) -> int:
        return sum(len(title.findall(p.read_text())) for p in (html_root / "chapters").glob("*.html"))

    assert solutions(site) == expected, "the book does not show every solution"
    out = ROOT / "_build" / "student-test"
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run([sys.executable, str(ROOT / "tools" / "student_edition.py"), "--out", str(out)], check=True,
                   cwd=ROOT, capture_output=True)
    student = out / "_build" / "html"
    assert solutions(student) == 0 and (student / "chapters" / "09_infogan.html").is_file()
    text = (student / "chapters" / "09_infogan.html").read_text()
    assert "Solutions: in the lecturer" in text and "A third optimizer" in text   # the exercises stay


def test_every_chapter_page_has_its_budget_box(site):
    for page in toc_pages():
        if page.startswith("chapters/"):
            html = (site / f"{page}.html").read_text()
            assert html.count("budget-box") == 1 and "Budget and cost" in html and "GPU:" in html, page
