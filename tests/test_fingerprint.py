"""The generator's code digest decides what a build may carry over: it must change with anything that shapes output."""

from __future__ import annotations

from importlib import metadata

import pytest

from sitegen import fingerprint


@pytest.mark.parametrize("library", ["python-slugify", "nh3", "markupsafe", "feedgen", "babel", "jinja2",
                                     "markdown", "pyyaml"])
def test_every_library_that_shapes_output_is_part_of_the_code_digest(library: str) -> None:
    assert library in dict(fingerprint.library_versions())


def test_upgrading_a_library_changes_the_code_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    before = fingerprint.code_digest()
    real = metadata.distribution

    class Upgraded:
        def __init__(self, dist: metadata.Distribution) -> None:
            self.version, self.requires = dist.version + ".1", dist.requires

    monkeypatch.setattr(fingerprint.metadata, "distribution",
                        lambda name: Upgraded(real(name)) if name == "nh3" else real(name))
    assert fingerprint.code_digest() != before


def test_requirement_lines_are_read_by_their_normalised_name() -> None:
    assert fingerprint._requirement_name("python_slugify==9.2.0  # slugs") == "python-slugify"
    assert fingerprint._requirement_name("PyYAML>=6") == "pyyaml"
    assert fingerprint._requirement_name("# Runtime") == ""
    assert fingerprint._requirement_name("-r requirements.txt") == ""
