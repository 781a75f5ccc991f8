"""The chapters as a JupyterLab reader meets them, checked in headless Chromium.

    python -m tools.check_lab [--out _build/lab-check] [--without-myst] [CHAPTER ...]

JupyterLab is started on 127.0.0.1 (from the main environment, with the book's settings and
kernels, its state in a scratch folder) and each chapter opened by URL, as a reader opens it:
  - it opens as a notebook (jupytext), with no dialog asking for a kernel;
  - its first markdown cell is rendered MyST: the title heading, not the raw `(cNN)=` label
    or a `{contents}` directive's options;
  - the kernel named in the notebook's toolbar is the chapter's own.
Screenshots go to OUT. --without-myst disables jupyterlab-myst first, to show the check fails.
"""

from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

import jupytext

from tools.check_html import find_chromium

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CHAPTERS = ("c12_fairlearn", "c07_orchestration")  # one per kernel


def first_markdown_facts(page) -> dict:
    return page.evaluate("""() => {
      const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
      const cell = panel && panel.querySelector('.jp-MarkdownCell');
      if (!cell) return null;
      const rendered = cell.querySelector('.jp-RenderedMarkdown, .jp-RenderedMySTMarkdown, .myst');
      return {text: (rendered || cell).innerText,
              headings: [...cell.querySelectorAll('h1, h2')].map(h => h.innerText.trim())};
    }""")


def kernel_shown(page) -> str:
    return page.evaluate("""() => {
      const el = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Toolbar-kernelName')
        || document.querySelector('.jp-Toolbar-kernelName');
      return el ? el.innerText.trim() : '';
    }""")


def check_chapter(page, url: str, chapter: str, out: Path | None) -> list[str]:
    notebook = jupytext.read(REPO / "chapters" / f"{chapter}.md")
    display_name = notebook.metadata["kernelspec"]["display_name"]
    label = f"({chapter[:3]})="
    page.goto(url, wait_until="domcontentloaded")
    problems = []
    try:
        page.wait_for_selector(".jp-Notebook .jp-MarkdownCell", timeout=60_000)
    except Exception:
        return [f"{chapter}: did not open as a notebook"]
    title = next(
        (
            line[2:].strip()
            for c in notebook.cells
            if c.cell_type == "markdown"
            for line in c.source.splitlines()
            if line.startswith("# ")
        ),
        "",
    )
    # Rendering and the kernel's start take a few seconds on a busy machine: poll, then judge.
    for _ in range(40):
        facts = first_markdown_facts(page) or {"text": "", "headings": []}
        if label not in facts["text"] and any(title[:4] in h for h in facts["headings"]):
            break
        page.wait_for_timeout(1000)
    if page.query_selector(".jp-Dialog"):
        header = page.query_selector(".jp-Dialog-header")
        problems.append(
            f"{chapter}: a dialog opened ({(header.inner_text() if header else '').strip()[:80]})"
        )
    if label in facts["text"]:
        problems.append(f"{chapter}: raw MyST label {label} shown instead of rendered markdown")
    if ":local:" in facts["text"] or "{contents}" in facts["text"]:
        problems.append(f"{chapter}: raw {{contents}} directive shown")
    if not any(title[:4] in h for h in facts["headings"]):
        problems.append(
            f"{chapter}: first cell shows no rendered title heading (headings: {facts['headings']})"
        )
    for _ in range(30):
        shown = kernel_shown(page)
        if shown and shown not in ("No Kernel", "Kernel"):
            break
        page.wait_for_timeout(1000)
    if shown != display_name:
        problems.append(f"{chapter}: kernel shown is {shown!r}, the chapter's is {display_name!r}")
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out / f"{chapter}.png"))
    return problems


def run(chapters: list[str], out: Path | None, without_myst: bool) -> list[str]:
    from playwright.sync_api import sync_playwright

    from bookhelpers import LocalService

    chromium = find_chromium()
    if chromium is None:
        return ["no Chromium: apt-get install chromium"]
    jupyter = Path(sys.executable).parent / "jupyter"
    token = secrets.token_hex(16)
    with tempfile.TemporaryDirectory(prefix="lab-check-") as state:
        env = {
            **os.environ,
            "JUPYTER_CONFIG_DIR": f"{state}/config",
            "JUPYTER_RUNTIME_DIR": f"{state}/runtime",
            "JUPYTERLAB_SETTINGS_DIR": f"{state}/settings",
            "JUPYTERLAB_WORKSPACES_DIR": f"{state}/workspaces",
            "IPYTHONDIR": f"{state}/ipython",
        }
        if without_myst:
            # --level=user: into this run's own JUPYTER_CONFIG_DIR, never the environment's
            subprocess.run(
                [str(jupyter), "labextension", "disable", "--level=user", "jupyterlab-myst"],
                env=env,
                check=True,
                capture_output=True,
            )
        command = [
            str(jupyter),
            "lab",
            "--no-browser",
            "--ip",
            "127.0.0.1",
            "--port",
            "{port}",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={REPO / 'chapters'}",
        ]
        if os.geteuid() == 0:
            command.append("--allow-root")
        problems = []
        with (
            LocalService(
                command, name="jupyterlab", env=env, ready_path=f"/api/status?token={token}"
            ) as lab,
            sync_playwright() as playwright,
        ):
            browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            for chapter in chapters:
                page = browser.new_page(viewport={"width": 1440, "height": 900})
                # ?reset: a fresh workspace, as a reader's first visit (no tabs of the last page)
                url = f"{lab.url}/lab/tree/{chapter}.md?reset&token={token}"
                problems += check_chapter(page, url, chapter, out)
                page.close()
            browser.close()
            # shut the kernels down before the server goes
            subprocess.run(
                ["curl", "-s", "-X", "POST", f"{lab.url}/api/shutdown?token={token}"],
                capture_output=True,
            )
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapters", nargs="*", default=list(DEFAULT_CHAPTERS))
    parser.add_argument("--out", type=Path, default=REPO / "_build/lab-check")
    parser.add_argument("--without-myst", action="store_true")
    args = parser.parse_args(argv)
    problems = run(args.chapters, args.out, args.without_myst)
    for problem in problems:
        print(f"check-lab: {problem}")
    print(
        f"check-lab: {len(args.chapters)} chapter(s), {len(problems)} problem(s); screenshots in {args.out}"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
