"""The card a chapter opens with, and the record of the last full-scale run it reads.

`make full` runs every chapter twice, at test scale and at the appendix's sizes, and writes
what each run glued, its time and its machine to `results/full-scale.json`, which is
committed. A chapter's card says what it runs (its front matter's `card:`) and how long it
took at both scales in that recorded run; the results page shows the headline figures.
Both are glued from the record, never typed.
"""

from __future__ import annotations

import json
import numbers
from pathlib import Path
from typing import Any

import IPython.core.formatters
import IPython.display
import yaml

from bookhelpers.paths import REPO_ROOT

RESULTS = REPO_ROOT / "results" / "full-scale.json"
CHAPTERS = REPO_ROOT / "chapters"


def glue(name: str, value: Any, display: bool = True) -> None:
    """myst_nb.glue, in any kernel (the orchestration one has no myst-nb), and NumPy scalars
    as plain Python numbers: `{glue:text}` cannot format a `numpy.float64`."""
    if isinstance(value, numbers.Number) and hasattr(value, "item"):
        value = value.item()
    bundle, metadata = IPython.core.formatters.format_display_data(value)
    prefix = "" if display else "application/papermill.record/"  # myst-nb's GLUE_PREFIX
    metadata["scrapbook"] = {"name": name, "mime_prefix": prefix}
    IPython.display.display(
        {prefix + mime: data for mime, data in bundle.items()}, raw=True, metadata=metadata
    )


def front_matter(chapter: str, chapters: Path = CHAPTERS) -> dict:
    """The YAML front matter of chapters/<chapter>.md."""
    text = (chapters / f"{chapter}.md").read_text()
    if not text.startswith("---\n"):
        return {}
    return yaml.safe_load(text.split("\n---\n", 1)[0][4:]) or {}


def load_results(path: Path = RESULTS) -> dict:
    """The recorded results of the last `make full`; empty when it was never run."""
    return json.loads(path.read_text()) if path.exists() else {"chapters": {}}


def _seconds(run: dict | None) -> str:
    if not run:
        return "not run"
    text = f"{run['seconds'] / 60:.1f} min" if run["seconds"] >= 90 else f"{run['seconds']:.0f} s"
    return text if run.get("ok") else f"{text}, failed"


def card_markdown(chapter: str, chapters: Path = CHAPTERS, results: Path = RESULTS) -> str:
    """The card's text: data, services, and the recorded time at test and full scale."""
    card = front_matter(chapter, chapters).get("card") or {}
    record = load_results(results)["chapters"].get(chapter)
    lines = [
        f"**Data** {card.get('data', 'none')}",
        f"**Services** {card.get('services', 'none (everything runs in the kernel)')}",
    ]
    if record:
        lines.append(
            f"**Time** {_seconds(record.get('test'))} at test scale, "
            f"{_seconds(record.get('full'))} at the appendix's sizes "
            f"({record['machine']}, {record['finished'][:10]}, "
            f"commit `{record['commit']}`; {{doc}}`all results <full_scale>`)"
        )
    else:
        lines.append("**Time** not yet recorded by `make full` ({doc}`results <full_scale>`)")
    return "\n\n".join(lines)


def chapter_card(chapter: str) -> str:
    """Glue the card as `<chapter>_card` (pasted with `{glue:md}` under the title)."""
    text = card_markdown(chapter)
    glue(f"{chapter}_card", IPython.display.Markdown(text), display=False)
    return text
