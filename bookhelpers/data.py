"""Data files in data/, each verified against data/SHA256SUMS before a chapter reads it.

A corrupt or truncated file (a bad checkout, a partial LFS pull, a hand edit) fails loudly
with what to do, instead of producing subtly wrong numbers three cells later.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from bookhelpers.paths import CHECKSUMS, DATA_DIR


class DataIntegrityError(RuntimeError):
    """A data file is missing, unlisted, or does not match its recorded sha256."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_checksums(checksums: Path = CHECKSUMS) -> dict[str, str]:
    """Parse a `sha256sum`-format file: '<hex>  <name>' per line."""
    table = {}
    for line in checksums.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            digest, name = line.split(maxsplit=1)
            table[name.lstrip("*")] = digest
    return table


@cache
def _verified(path: Path, expected: str, mtime_ns: int, size: int) -> bool:
    # Cached on (mtime, size): re-reading a 2 MB file in every cell is wasted time.
    return sha256_of(path) == expected


def data_path(name: str, *, data_dir: Path = DATA_DIR, checksums: Path | None = None) -> Path:
    """Return the path of data/<name> after checking it against its recorded sha256."""
    checksums = checksums or data_dir / "SHA256SUMS"
    table = read_checksums(checksums)
    if name not in table:
        raise DataIntegrityError(
            f"data/{name} is not listed in {checksums.name}. Add it with its provenance to "
            f"data/README.md and its checksum with `sha256sum {name} >> SHA256SUMS` (in data/)."
        )
    path = data_dir / name
    if not path.exists():
        raise DataIntegrityError(
            f"data/{name} is missing. Restore it with `git checkout -- data/{name}`."
        )
    stat = path.stat()
    if not _verified(path, table[name], stat.st_mtime_ns, stat.st_size):
        raise DataIntegrityError(
            f"data/{name} does not match its recorded sha256 ({table[name][:12]}…): the file is "
            f"corrupt or was changed. Restore it with `git checkout -- data/{name}`; if the change "
            f"is deliberate, update data/SHA256SUMS and data/README.md together."
        )
    return path


def verify_all(data_dir: Path = DATA_DIR) -> list[str]:
    """Verify every listed file; return their names. Raises on the first bad one."""
    names = sorted(read_checksums(data_dir / "SHA256SUMS"))
    for name in names:
        data_path(name, data_dir=data_dir)
    return names


# The UCI Adult files (data/adult.data, data/adult.test) have no header line: these are the
# column names from the data set's documentation (adult.names), in file order.
ADULT_COLUMNS = [
    "age", "workclass", "fnlwgt", "education", "education-num", "marital-status",
    "occupation", "relationship", "race", "sex", "capital-gain", "capital-loss",
    "hours-per-week", "native-country", "income",
]  # fmt: skip
