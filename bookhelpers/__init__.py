"""Plumbing the chapters share: verified data files, local services, version watermarks.

Chapters call the library they teach directly; these helpers only remove repetition that is
not the point of any chapter.
"""
from bookhelpers.data import DataIntegrityError, data_path, verify_all
from bookhelpers.services import LocalService, free_port, wait_for_port, wait_for_http
from bookhelpers.watermark import watermark
from bookhelpers.timing import best_time, ratio

__all__ = [
    "DataIntegrityError", "data_path", "verify_all",
    "LocalService", "free_port", "wait_for_port", "wait_for_http",
    "watermark", "best_time", "ratio",
]
