"""The Jinja environment: links, navigation, filters and compiled attribute lookups, on template strings."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from markupsafe import Markup

from sitegen.load.config import Config
from sitegen.render.jinja import make_environment, nav_section


def render(tmp_path: Path, source: str, base_path: str, cache: Path | None = None, **context: object) -> str:
    """Render one template string in the site's environment for a deploy under base_path."""
    (tmp_path / "t.html").write_text(source, encoding="utf-8")
    env = make_environment(tmp_path, Config(base_path=base_path, base_url="https://contoh.invalid"))
    if cache is not None:
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(cache))
    return env.get_template("t.html").render(**context)


@pytest.mark.parametrize("base_path", ["/", "/sub/path/"])
def test_url_filters_apply_the_base_path(tmp_path: Path, base_path: str) -> None:
    html = render(tmp_path, "{{ r|url }} {{ r|absolute_url }} {{ links.style }}", base_path, r="tahun/2020/")
    assert html == (f"{base_path}tahun/2020/ https://contoh.invalid{base_path}tahun/2020/ "
                    f"{base_path}static/style.css")


def test_a_literal_route_is_not_folded_into_the_cached_template(tmp_path: Path) -> None:
    """Compiled templates are shared by builds with other base paths through the bytecode cache."""
    cache = tmp_path / "cache"
    cache.mkdir()
    first = render(tmp_path, "{{ 'cari/'|url }}", "/", cache)
    assert (first, render(tmp_path, "{{ 'cari/'|url }}", "/sub/", cache)) == ("/cari/", "/sub/cari/")


@pytest.mark.parametrize(("route", "section"), [
    ("", None), ("tahun/", "years"), ("tahun/2020/", "years"), ("unit/a/b/", None), ("tentang/", "about"),
    ("hari-antikorupsi/", "hakordia"), ("cari/", None), ("404.html", None)])
def test_nav_marks_the_section_of_the_page(tmp_path: Path, route: str, section: str | None) -> None:
    assert nav_section(route) == section
    html = render(tmp_path, "{% for i in nav[s] %}{{ i.label }}{% if i.current %}*{% endif %},{% endfor %}", "/",
                  s=section)
    assert html.count("*") == (section is not None)


@pytest.mark.parametrize(("source", "context", "expected"), [
    ("{{ d.a }}|{{ d.a.b }}", {"d": {"a": {"b": "<&>"}}}, "{&#39;b&#39;: &#39;&lt;&amp;&gt;&#39;}|&lt;&amp;&gt;"),
    ("{% for k, v in d.items() %}{{ k }}={{ v }}{% endfor %}", {"d": {"items": "x", "k": 1}}, "items=xk=1"),
    ("{{ c.base_path }} {{ n }} {{ m }} {{ none }}", {"c": Config(), "n": 7, "m": Markup("<b>"), "none": None},
     "/ 7 <b> None"),
    ("{{ d.get('a', 'b') }} {{ x|upper }} {{ x ~ '&' }}", {"d": {"get": 1}, "x": "<a>"},
     "b &lt;A&gt; &lt;a&gt;&amp;"),
    ("{% set s %}{{ x }}{% endset %}{{ s }}{% autoescape false %}{{ x }}{% endautoescape %}", {"x": "<i>"},
     "&lt;i&gt;<i>"),
])
def test_attribute_lookups_and_escaping_match_jinja(tmp_path: Path, source: str, context: dict, expected: str) -> None:
    """The inline attribute lookup and escaping (jinja.CodeGenerator) give what plain Jinja gives."""
    plain = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined).from_string(source)
    assert render(tmp_path, source, "/", **context) == plain.render(**context) == expected


@pytest.mark.parametrize("source", ["{{ d.missing }}", "{{ d.a.missing }}", "{{ missing.a }}", "{{ o.missing }}"])
def test_a_missing_attribute_is_still_an_error(tmp_path: Path, source: str) -> None:
    with pytest.raises(jinja2.UndefinedError):
        render(tmp_path, source, "/", d={"a": {}}, o=Config())
