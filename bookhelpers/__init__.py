"""Plumbing the chapters share: verified data files, scratch folders, local services, timing,
version watermarks, the chapter card.

Chapters call the library they teach directly; these helpers only remove repetition that is
not the point of any chapter.
"""

from bookhelpers.card import chapter_card, glue
from bookhelpers.data import ADULT_COLUMNS, DataIntegrityError, data_path
from bookhelpers.scratch import scratch_dir
from bookhelpers.services import LocalService, free_port
from bookhelpers.timing import Timings, ratio, time_side_by_side
from bookhelpers.watermark import watermark

__all__ = [
    "chapter_card",
    "glue",
    "ADULT_COLUMNS",
    "DataIntegrityError",
    "data_path",
    "scratch_dir",
    "LocalService",
    "free_port",
    "Timings",
    "ratio",
    "time_side_by_side",
    "watermark",
]
