"""bookhelpers.watermark: the version table at the top of each chapter."""

from bookhelpers import watermark


def test_watermark_lists_python_and_packages():
    table = watermark("numpy", "surely-not-installed")
    assert table.loc["numpy", "version"][0].isdigit()
    assert table.loc["surely-not-installed", "version"] == "not installed"
