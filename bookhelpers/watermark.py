"""A version table for the top of each chapter, so every printed number has its context."""

from __future__ import annotations

import importlib.metadata
import os
import platform


def watermark(*packages: str) -> pandas.DataFrame:  # noqa: F821
    """Python, machine and the installed version of each named distribution."""
    import pandas as pd

    rows = [
        ("python", platform.python_version()),
        ("machine", f"{platform.machine()}, {os.cpu_count()} cores"),
    ]
    for name in packages:
        try:
            rows.append((name, importlib.metadata.version(name)))
        except importlib.metadata.PackageNotFoundError:
            rows.append((name, "not installed"))
    return pd.DataFrame(rows, columns=["package", "version"]).set_index("package")
