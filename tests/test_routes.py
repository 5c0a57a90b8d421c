"""Routes and output paths agree: the text form used while rendering is the path object's."""

from __future__ import annotations

import pytest

from sitegen.load.registry import load_registry
from sitegen.model import routes
from sitegen.render.pages import list_pages
from tests.conftest import MINI


def test_output_file_is_output_path_as_text_for_every_route() -> None:
    reg, _ = load_registry(MINI)
    found = [page.route for page in list_pages(reg)] + [routes.news_feed(), routes.data_file("penghargaan.csv"),
                                                        routes.static("site.css"), routes.not_found(), "robots.txt"]
    assert "" in found
    for route in found:
        assert routes.output_file(route) == str(routes.output_path(route)), route


def test_place_and_filter_pages_live_under_their_province() -> None:
    assert routes.place("Jawa Timur", "gresik") == "provinsi/jawa-timur/gresik/"
    assert routes.province_filter("Jawa Timur", "wbbm") == "provinsi/jawa-timur/wbbm/"
    assert routes.place_filter("Jawa Timur", "gresik", "dicabut") == "provinsi/jawa-timur/gresik/dicabut/"
    assert routes.place_slug("Kota Malang") == "kota-malang"
    assert routes.place_slug("WBBM") == "wbbm_"  # never a filter's word, nor another place's slug
    assert routes.place_slug("WBBM Daerah") == "wbbm-daerah"


@pytest.mark.parametrize("name", ["CON", "aux", "Nul", "COM1", "lpt9"])
def test_a_name_windows_reserves_gets_a_folder_windows_can_hold_and_the_same_address_every_time(name: str) -> None:
    from sitegen.model.routes import WINDOWS_RESERVED

    slug = routes.unit_slug(name)
    page = routes.unit(f"alfa/{slug}")
    assert page == f"unit/alfa/{slug}_/" == routes.unit(f"alfa/{slug}")
    assert not set(page.strip("/").split("/")) & WINDOWS_RESERVED
    assert routes.institution(slug) == f"instansi/{slug}_/"
    assert routes.place("Jawa Timur", slug) == f"provinsi/jawa-timur/{slug}_/"
    assert routes.unit("alfa/console") == "unit/alfa/console/"  # only the reserved names themselves


def test_every_page_route_is_built_once() -> None:
    reg, _ = load_registry(MINI)
    found = [page.route for page in list_pages(reg)]
    assert len(found) == len(set(found))
