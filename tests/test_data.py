import shutil

import pytest

from bookhelpers.data import DataIntegrityError, data_path, sha256_of, verify_all
from bookhelpers.paths import DATA_DIR


def test_every_shipped_file_matches_its_checksum():
    names = verify_all()
    assert "adult.data" in names and len(names) >= 6


def test_every_shipped_file_is_documented():
    readme = (DATA_DIR / "README.md").read_text()
    for name in verify_all():
        assert f"`{name}`" in readme, f"{name} has no provenance row in data/README.md"


@pytest.fixture
def data_copy(tmp_path):
    shutil.copy(DATA_DIR / "radon_mn.csv", tmp_path / "radon_mn.csv")
    (tmp_path / "SHA256SUMS").write_text(f"{sha256_of(tmp_path / 'radon_mn.csv')}  radon_mn.csv\n")
    return tmp_path


def test_good_file_returns_its_path(data_copy):
    assert data_path("radon_mn.csv", data_dir=data_copy) == data_copy / "radon_mn.csv"


def test_corrupt_file_fails_with_what_to_do(data_copy):
    with open(data_copy / "radon_mn.csv", "a") as handle:
        handle.write("1,2,3\n")
    with pytest.raises(
        DataIntegrityError, match="does not match its recorded sha256.*git checkout"
    ):
        data_path("radon_mn.csv", data_dir=data_copy)


def test_missing_file_fails_with_what_to_do(data_copy):
    (data_copy / "radon_mn.csv").unlink()
    with pytest.raises(DataIntegrityError, match="missing.*git checkout"):
        data_path("radon_mn.csv", data_dir=data_copy)


def test_unlisted_file_is_refused(data_copy):
    with pytest.raises(DataIntegrityError, match="not listed"):
        data_path("other.csv", data_dir=data_copy)


def test_adult_columns_name_every_field_of_both_files():
    import pandas as pd

    from bookhelpers import ADULT_COLUMNS

    for name, skip in (("adult.data", 0), ("adult.test", 1)):
        frame = pd.read_csv(data_path(name), names=ADULT_COLUMNS, skiprows=skip, nrows=50)
        assert frame.shape[1] == len(ADULT_COLUMNS) and frame["income"].notna().all(), name
