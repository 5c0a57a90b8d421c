"""Routes and output paths agree: the text form used while rendering is the path object's."""

from __future__ import annotations

from sitegen import routes
from sitegen.pages import list_pages
from sitegen.registry import load_registry
from tests.conftest import MINI


def test_output_file_is_output_path_as_text_for_every_route() -> None:
    reg, _ = load_registry(MINI)
    found = [page.route for page in list_pages(reg)] + [routes.news_feed(), routes.data_file("penghargaan.csv"),
                                                        routes.static("site.css"), routes.not_found(), "robots.txt"]
    assert "" in found
    for route in found:
        assert routes.output_file(route) == str(routes.output_path(route)), route
