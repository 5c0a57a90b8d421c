"""The Jinja environment, its filters, and turning a page's plain context into HTML."""

from __future__ import annotations

import datetime as dt
import json
import traceback
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import jinja2
import jinja2.compiler
import jinja2.nodes
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal
from markupsafe import Markup, escape

from sitegen.errors import Problems
from sitegen.load.config import Config
from sitegen.load.markup import rebase_links
from sitegen.model import routes
from sitegen.model.channel import channel_view
from sitegen.render.banner import qr_svg
from sitegen.render.views import SiteRoute, SiteSetting

OG_IMAGE = "og.png"  # drawn by scripts/make_og_image.py
LOCALE = Locale.parse("id")  # parsed once: babel would parse a locale name on every call


@lru_cache(maxsize=4096)
def tanggal(value: dt.date | int | None) -> str:
    """An Indonesian date, '21 Desember 2020'; a bare year stays a year."""
    if value is None:
        return "tanggal tidak diketahui"
    if isinstance(value, int):
        return str(value)
    return format_date(value, format="d MMMM y", locale=LOCALE)


@lru_cache(maxsize=4096)
def angka(value: int | None) -> str:
    """An Indonesian number, '1.234'."""
    return "–" if value is None else format_decimal(value, locale=LOCALE)


def tahun(value: int | None) -> str:
    """A round's year, or the words for an unknown year."""
    return "tahun tidak diketahui" if value is None else str(value)


FILTERS = {"tanggal": tanggal, "angka": angka, "tahun": tahun}
SCRIPT_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                  ("\u2029", "\\u2029"))
JSON_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def json_script(value: object, encoder: json.JSONEncoder = JSON_ENCODER) -> str:
    """JSON that is safe inside <script>: '<', '>' and '&' escaped, so no text can close the element."""
    text = encoder.encode(value)
    for char, escaped in SCRIPT_ESCAPES:  # str.replace is cheap when the character is absent, as it mostly is
        if char in text:
            text = text.replace(char, escaped)
    return text


def linked_data_encoder(config: Config) -> json.JSONEncoder:
    """A JSON encoder writing SiteRoute values as this deploy's URLs and SiteSetting values as the setting.

    The encoder asks for them as it meets them, so the structure is never walked or copied first.
    """
    def resolve(value: object) -> str:
        if isinstance(value, SiteRoute):
            return routes.link(value.route, config.base_url, config.base_path)
        if isinstance(value, SiteSetting):
            return str(getattr(config, value.name))
        raise TypeError(f"{type(value).__name__} is not JSON serializable")
    return json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=resolve)


def site_links() -> dict[str, str]:
    """Routes every page links to (navigation, footer, assets), named for the templates."""
    return {
        "home": routes.home(), "years": routes.years(), "institutions": routes.institutions(),
        "provinces": routes.provinces(), "revocations": routes.revocations(), "news": routes.news_index(),
        "hakordia": routes.anticorruption_day(), "data": routes.open_data(), "about": routes.prose("tentang"),
        "search": routes.search(), "news_feed": routes.news_feed(), "awards_feed": routes.awards_feed(),
        "changes": routes.changes(), "changes_feed": routes.changes_feed(),
        "style": routes.static("style.css"), "places_css": routes.static("places.css"),
        "search_js": routes.static("search.js"),
        "search_css": routes.static("search.css"),
        "about_sourcing": routes.prose("tentang") + "#cara-kami-menyusun-registri",
        "about_status": routes.prose("tentang") + "#apa-yang-diketahui-registri",
        "send_record": routes.submit(),
        "coverage": routes.years() + "#cakupan",
        "site_js": routes.static("site.js"), "icon": routes.static("logo.svg"),
        "search_core_js": routes.static("search-core.js"),
        "search_keys": routes.search_index("kunci.js"),
    }


def site_hrefs(base_path: str) -> dict[str, str]:
    """The site-wide links as hrefs for this deploy, resolved once per build."""
    return {name: routes.href(route, base_path) for name, route in site_links().items()}


NAV = (("Tahun", "years"), ("Instansi", "institutions"), ("Provinsi", "provinces"), ("Pencabutan", "revocations"),
       ("Berita", "news"), ("Hari Antikorupsi", "hakordia"), ("Data", "data"), ("Tentang", "about"))


NAV_ROUTES = tuple((key, site_links()[key]) for _, key in NAV)


def nav_section(route: str) -> str | None:
    """The navigation entry a page belongs to: the one whose route its own route starts with."""
    for key, prefix in NAV_ROUTES:
        if route.startswith(prefix):
            return key
    return None


def nav_menus(base_path: str) -> dict[str | None, list[dict]]:
    """The main navigation for each section (and for pages in none), its own entry marked current."""
    hrefs = site_hrefs(base_path)
    return {section: [{"label": label, "href": hrefs[key], "current": key == section} for label, key in NAV]
            for section in (None, *(key for _, key in NAV))}


def url_filter(config: Config) -> Callable[[jinja2.runtime.Context, str], str]:
    """`route|url`: the href of a route in this deploy.

    It takes the context so that Jinja never folds `'x/'|url` into the compiled template: compiled
    templates are cached and shared by builds with other base paths.
    """
    base_path = config.base_path

    @jinja2.pass_context
    def url(context: jinja2.runtime.Context, route: str) -> str:
        return routes.href(route, base_path)
    return url


def absolute_url_filter(config: Config) -> Callable[[jinja2.runtime.Context, str], str]:
    """`route|absolute_url`: the full URL of a route (canonical links), never folded at compile time either."""
    base_url, base_path = config.base_url, config.base_path

    @jinja2.pass_context
    def absolute_url(context: jinja2.runtime.Context, route: str) -> str:
        return routes.absolute(route, base_url, base_path)
    return absolute_url


def report_href_filter(config: Config) -> Callable[[jinja2.runtime.Context, str, str], str]:
    """`route|report_href(unit_id)`: the channel's correction form, prefilled with the unit's id and URL."""
    channel = config.channel

    @jinja2.pass_context
    def report_href(context: jinja2.runtime.Context, route: str, unit_id: str) -> str:
        if channel is None:  # templates ask only when a channel is set; an empty href would be a dead link
            raise ValueError("report_href needs a corrections channel")
        return channel.correction_link(unit_id, routes.link(route, config.base_url, config.base_path))
    return report_href


DICT_ATTRIBUTES = frozenset(dir(dict))


try:  # the C function markupsafe.escape runs on a str; its result is the same text without the Markup wrapper
    from markupsafe._speedups import _escape_inner as escape_text
except ImportError:  # pragma: no cover - markupsafe without its C speedups
    def escape_text(value: str) -> str:
        """HTML-escape a str exactly as markupsafe.escape does."""
        return str(escape(value))


class CodeGenerator(jinja2.compiler.CodeGenerator):
    """Jinja's code generator, with the two steps every page repeats hundreds of times done inline.

    `x.y` compiles to `environment.getattr(x, "y")`, a method call that tries getattr(x, "y") before
    x["y"]. Contexts are plain dicts, so here it compiles to a key lookup when x is a dict holding y,
    and to the same call otherwise (a name that is a dict method, such as `items`, always takes the
    call). `{{ x }}` compiles to `escape(x)`, which wraps every piece of output in a Markup object; a
    str is escaped here by the same C function directly (the page is joined into one str anyway), any
    other value still goes through escape(). Same output, less work per page.
    """

    def visit_Template(self, node: jinja2.nodes.Template, frame: object = None) -> None:
        """The template module, importing the escaping function the output lines call."""
        self.writeline("from sitegen.render.jinja import escape_text")
        super().visit_Template(node, frame)

    def visit_Getattr(self, node: jinja2.nodes.Getattr, frame: object) -> None:
        """`x.y`: x["y"] when x is a dict holding "y", else environment.getattr (Undefined for a missing key)."""
        if node.attr in DICT_ATTRIBUTES or self.environment.is_async:
            super().visit_Getattr(node, frame)
            return
        key = repr(node.attr)
        self.write(f"(_obj[{key}] if (_obj := ")
        self.visit(node.node, frame)
        self.write(f").__class__ is dict and {key} in _obj else environment.getattr(_obj, {key}))")

    def _output_child_pre(self, node: jinja2.nodes.Expr, frame: object, finalize: object) -> None:
        if not self._inline_escape(frame, finalize):
            super()._output_child_pre(node, frame, finalize)
            return
        self.write("(escape_text(_out) if (_out := ")

    def _output_child_post(self, node: jinja2.nodes.Expr, frame: object, finalize: object) -> None:
        if not self._inline_escape(frame, finalize):
            super()._output_child_post(node, frame, finalize)
            return
        self.write(").__class__ is str else escape(_out))")

    @staticmethod
    def _inline_escape(frame: object, finalize: object) -> bool:
        """Autoescaped output known at compile time, without a finalize step."""
        return not frame.eval_ctx.volatile and frame.eval_ctx.autoescape and finalize.src is None


class Environment(jinja2.Environment):
    """Jinja's environment with the code generator above, and each template's globals as one plain dict."""

    code_generator_class = CodeGenerator

    def make_globals(self, d: dict | None) -> dict:
        """A template's globals over the environment's, as a dict (Jinja's ChainMap is copied into every
        render's context, key by key in Python); make_environment sets every global before any template loads.
        """
        return {**self.globals, **(d or {})}


def make_environment(template_dir: Path, config: Config) -> jinja2.Environment:
    """StrictUndefined so a missing value fails the build; autoescape so record text is always text."""
    env = Environment(
        loader=jinja2.FileSystemLoader(str(template_dir)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        cache_size=-1,  # a plain dict of every template: Jinja's LRU cache takes a lock on every lookup
    )
    env.filters.update(FILTERS)
    env.filters["rebase"] = lambda html: Markup(rebase_links(html, config.base_path))
    encoder = linked_data_encoder(config)
    env.filters["json_ld"] = lambda data: Markup(json_script(data, encoder))
    env.filters["url"] = url_filter(config)
    env.filters["absolute_url"] = absolute_url_filter(config)
    env.filters["qr"] = lambda url: Markup(qr_svg(url))
    env.filters["report_href"] = report_href_filter(config)
    env.globals["site"] = config
    env.globals["links"] = site_hrefs(config.base_path)
    env.globals["channel"] = channel_view(config.channel)
    env.globals["nav"] = nav_menus(config.base_path)
    # Link previews need the picture's full URL; without base_url the best a build knows is root-relative.
    env.globals["og_image"] = routes.link(routes.static(OG_IMAGE), config.base_url or None, config.base_path)
    return env


def page_meta(page) -> dict:
    """What base.html needs about the page being rendered."""
    return {"route": page.route, "title": page.title, "kind": page.template.removesuffix(".html"),
            "section": nav_section(page.route)}


def template_problem(err: Exception, template_dir: Path, problems: Problems) -> None:
    """Report an error raised while rendering at its template's file and line; re-raise any other error.

    Jinja gives the line but not the column, so these problems read `templates/x.html:12: ...`.
    """
    if isinstance(err, jinja2.TemplateSyntaxError):
        name = err.filename or str(template_dir / (err.name or "?"))
        problems.add(Path(name), err.lineno or 0, 0, f"template syntax error: {err.message}",
                     "fix the {% ... %} or {{ ... }} tag on this line; Jinja names what it expected")
        return
    where = _template_frame(err, template_dir)
    if isinstance(err, jinja2.TemplateNotFound):
        file, line = where or (template_dir / err.name, 0)
        problems.add(file, line, 0, f"template error: the template '{err.name}' does not exist",
                     f"add it to {template_dir.name}/, or fix the name in the extends, include or import tag")
    elif where is None:
        raise err
    elif isinstance(err, jinja2.UndefinedError):
        problems.add(*where, 0, f"template error: {err}",
                     "the page does not provide this value (StrictUndefined): fix the name, or guard it with "
                     "{% if x is defined %}")
    else:
        problems.add(*where, 0, f"template error: {type(err).__name__}: {err}",
                     "a filter or test was given a value it cannot use")


def _template_frame(err: Exception, template_dir: Path) -> tuple[Path, int] | None:
    """The innermost traceback frame that is a line of a template, as Jinja rewrites them."""
    for frame in reversed(traceback.extract_tb(err.__traceback__)):
        if Path(frame.filename).resolve().is_relative_to(template_dir.resolve()):
            return Path(frame.filename), frame.lineno or 0
    return None
