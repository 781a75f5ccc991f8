"""tools.check_html: the browser check passes a sound page and catches a broken one.

Needs a Chromium on PATH (Debian: apt-get install chromium); skipped, saying so, without one.
"""

from pathlib import Path

import pytest

from tools.check_html import check_pages, find_chromium

HTML = Path(__file__).parent / "fixtures" / "html"
chromium = find_chromium()
pytestmark = pytest.mark.skipif(chromium is None, reason="no Chromium: apt-get install chromium")


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    pages = [HTML / "chapters/c98_good.html", HTML / "chapters/c98_broken.html"]
    return check_pages(
        HTML.resolve(), [p.resolve() for p in pages], tmp_path_factory.mktemp("shots"), chromium
    )


def test_a_sound_page_passes(results):
    assert results["chapters/c98_good.html"] == []


def test_a_broken_page_fails_for_each_defect(results):
    problems = "\n".join(results["chapters/c98_broken.html"])
    assert "error output in a cell not tagged raises-exception: 'boom()'" in problems
    assert "figure missing or empty: missing.png" in problems
    assert "1 figure(s) shown, the executed notebook made 3" in problems
    assert "no Binder launch button" in problems
    assert "broken internal link: nowhere.html" in problems
    assert "broken internal link: c98_good.html#no-such-anchor" in problems
    assert "code cell scrolls sideways" in problems
