"""Where things are: the repository root and its data folder, wherever the book is cloned."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"
CHECKSUMS = DATA_DIR / "SHA256SUMS"
