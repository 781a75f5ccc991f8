"""The built book as a reader meets it: every chapter page opened in a real browser.

    python -m tools.check_html [--html _build/html] [--out _build/html-check] [PAGE ...]

The HTML is served on 127.0.0.1 and each chapter page opened in headless Chromium (Debian's
`chromium`, driven by Playwright from PyPI with the system browser as its executable: nothing
downloads a browser). For every page:
  - it loads with no console error and no script error (requests that leave the machine are
    blocked and not counted: the build machine is offline, a reader's is not);
  - no cell shows an error output unless it is tagged `raises-exception`;
  - every figure the executed notebook made is on the page and non-empty;
  - the Binder launch button and the .ipynb download button exist;
  - every internal link and anchor resolves;
  - no code cell scrolls sideways at a laptop's width (1440 px).
A screenshot of each page goes to OUT (a build artefact, never committed).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

REPO = Path(__file__).resolve().parent.parent
# At 1440 px the book's code column holds 94 columns of DejaVu Sans Mono, the widest common
# monospace font (measured, with _static/code-width.css; 87 without it): the chapters' code
# is 88 columns (make format, the checker), so nothing may scroll at this width.
VIEWPORT = {"width": 1440, "height": 900}
# Console errors that upstream themes print on every page of every Jupyter Book 1.x site; they
# are reported as notes, not failures.
KNOWN_UPSTREAM = {
    "Identifier 'THEBE_JS_URL' has already been declared": "sphinx-thebe 0.3 adds its config script on every read pass",
    "Got invalid theme mode": "pydata-sphinx-theme reports an empty saved theme with console.error on a first visit",
}
CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

PAGE_FACTS = """() => {
  const cells = [...document.querySelectorAll('div.cell')];
  const shown = (c) => c.querySelector('.output.traceback, .output.error');
  const untagged = cells.filter(c => shown(c) && !c.classList.contains('tag_raises-exception'))
    .map(c => (c.querySelector('.cell_input pre') || c).textContent.trim().slice(0, 80));
  const images = [...document.querySelectorAll('div.cell_output img')].map(i => ({
    src: i.getAttribute('src'),
    ok: i.complete && i.naturalWidth > 0 && i.getBoundingClientRect().width > 0}));
  const scrolling = [...document.querySelectorAll('div.cell_input pre')]
    .filter(p => p.scrollWidth > p.clientWidth + 1)
    .map(p => p.textContent.split('\\n').reduce((a, b) => (b.length > a.length ? b : a), ''));
  return {
    untagged, images, scrolling,
    binder: !!document.querySelector('a[href*="mybinder.org/v2/"]'),
    download: !!document.querySelector('a.btn-download-notebook-button[href$=".ipynb"]'),
    links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')),
  };
}"""


def find_chromium() -> str | None:
    for name in CHROMIUM_CANDIDATES:
        if path := shutil.which(name):
            return path
    return None


def expected_figures(html_root: Path, page: Path) -> int:
    """Image outputs of the executed notebook behind a page (its .ipynb download)."""
    notebook = html_root / "_sources" / page.relative_to(html_root).with_suffix(".ipynb")
    if not notebook.exists():
        return 0
    cells = json.loads(notebook.read_text()).get("cells", [])
    return sum(
        1
        for cell in cells
        for output in cell.get("outputs", [])
        if any(key.startswith("image/") for key in output.get("data", {}))
    )


def broken_links(
    html_root: Path, page: Path, hrefs: list[str], ids: dict[Path, set[str]]
) -> list[str]:
    broken = []
    for href in hrefs:
        parsed = urlparse(href)
        if parsed.scheme or href.startswith(("mailto:", "javascript:")) or not href:
            continue
        target = page if not parsed.path else (page.parent / unquote(parsed.path)).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.exists():
            broken.append(href)
            continue
        if parsed.fragment and target.suffix == ".html":
            if target not in ids:
                text = target.read_text(errors="replace")
                ids[target] = set(__import__("re").findall(r'\bid="([^"]+)"', text))
            if unquote(parsed.fragment) not in ids[target]:
                broken.append(href)
    return sorted(set(broken))


def check_pages(
    html_root: Path, pages: list[Path], out: Path | None, chromium: str
) -> dict[str, list[str]]:
    """Problems per page (an empty list: the page is fine)."""
    from playwright.sync_api import sync_playwright

    from bookhelpers import LocalService

    results: dict[str, list[str]] = {}
    ids: dict[Path, set[str]] = {}
    server = LocalService(
        [
            sys.executable,
            "-m",
            "http.server",
            "{port}",
            "--bind",
            "127.0.0.1",
            "--directory",
            str(html_root),
        ],
        name="html",
        ready_path="/",
    )
    with server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        for page_path in pages:
            relative = page_path.relative_to(html_root).as_posix()
            page = browser.new_page(viewport=VIEWPORT)
            console: list[str] = []

            def external(request_url: str) -> bool:
                return urlparse(request_url).hostname not in ("127.0.0.1", None)

            page.route(
                "**/*",
                lambda route: route.abort() if external(route.request.url) else route.continue_(),
            )
            page.on(
                "console",
                lambda m, c=console: (
                    c.append(m.text)
                    if m.type == "error"
                    and not external(m.location.get("url") or "http://127.0.0.1")
                    and "net::ERR_FAILED" not in m.text
                    else None
                ),
            )
            page.on("pageerror", lambda e, c=console: c.append(f"script error: {e}"))
            page.goto(urljoin(server.url + "/", relative), wait_until="load")
            page.wait_for_timeout(300)  # late console errors of deferred scripts
            facts = page.evaluate(PAGE_FACTS)
            known = [t for t in console if any(k in t for k in KNOWN_UPSTREAM)]
            problems = [f"console: {text[:200]}" for text in console if text not in known]
            problems += [
                f"error output in a cell not tagged raises-exception: {c!r}"
                for c in facts["untagged"]
            ]
            empty = [i["src"] for i in facts["images"] if not i["ok"]]
            problems += [f"figure missing or empty: {src}" for src in empty]
            expected = expected_figures(html_root, page_path)
            shown = sum(i["ok"] for i in facts["images"])
            if shown < expected:
                problems.append(f"{shown} figure(s) shown, the executed notebook made {expected}")
            if not facts["binder"]:
                problems.append("no Binder launch button")
            if not facts["download"]:
                problems.append("no .ipynb download button")
            problems += [
                f"broken internal link: {h}"
                for h in broken_links(html_root, page_path, facts["links"], ids)
            ]
            problems += [
                f"code cell scrolls sideways: {line[:100]!r}" for line in facts["scrolling"]
            ]
            if out is not None:
                out.mkdir(parents=True, exist_ok=True)
                page.screenshot(
                    path=str(out / f"{page_path.stem}.jpg"), full_page=True, type="jpeg", quality=60
                )
            results[relative] = problems
            page.close()
        browser.close()
    return results


def chapter_pages(html_root: Path) -> list[Path]:
    return sorted((html_root / "chapters").glob("c[0-9]*.html"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", type=Path, help="pages (default: every chapter page)")
    parser.add_argument("--html", type=Path, default=REPO / "_build/html")
    parser.add_argument("--out", type=Path, default=REPO / "_build/html-check")
    args = parser.parse_args(argv)
    chromium = find_chromium()
    if chromium is None:
        print(
            "check-html: no Chromium found. Install it: apt-get install chromium (Debian), "
            "or your distribution's chromium package; Playwright drives it, nothing is downloaded.",
            file=sys.stderr,
        )
        return 2
    if not (args.html / "index.html").exists():
        print(f"check-html: no book in {args.html}: run `make book` first", file=sys.stderr)
        return 2
    pages = [p.resolve() for p in args.pages] or chapter_pages(args.html.resolve())
    results = check_pages(args.html.resolve(), pages, args.out, chromium)
    failed = {page: problems for page, problems in results.items() if problems}
    for page, problems in results.items():
        print(f"  {page:<40} {'ok' if not problems else f'{len(problems)} problem(s)'}")
        for problem in problems:
            print(f"      {problem}")
    print(
        f"check-html: {len(results) - len(failed)} of {len(results)} page(s) fine; screenshots in {args.out}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
