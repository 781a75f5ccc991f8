"""Write environment.yml (Binder, conda users) from the main lock: the same pins, exactly.

tests/test_environments.py fails when the two disagree, so edit requirements/main.in and
run `make lock`, never environment.yml by hand.
"""

import sys
from pathlib import Path


def lock_pins(lock_text: str) -> list[str]:
    """The `name==version` lines of a uv/pip-compile lock, without comments."""
    return [
        line.split("#")[0].strip()
        for line in lock_text.splitlines()
        if "==" in line and not line.lstrip().startswith("#")
    ]


def lock_options(lock_text: str) -> list[str]:
    """The option lines of a lock (`--extra-index-url ...`), which pip reads as they are."""
    return [line.strip() for line in lock_text.splitlines() if line.startswith("--")]


def render(pins: list[str], options: list[str]) -> str:
    lines = [
        "# Generated from requirements/main.lock by `make lock`: do not edit by hand.",
        "# The main environment of the book, for Binder and conda users (`conda env create -f environment.yml`).",
        "# torch's CPU build comes from the PyTorch CPU wheel index, named by the option line below.",
        "name: appendix-c-main",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        "  - python=3.11",
        "  - openjdk=17",
        "  - pip",
        "  - pip:",
    ]
    lines += [f"      - {option}" for option in options]
    lines += [f"      - {pin}" for pin in pins]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    text = Path(sys.argv[1]).read_text()
    sys.stdout.write(render(lock_pins(text), lock_options(text)))
