"""Site settings: title, where the site is deployed, and the policy text every footer carries."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from sitegen import REPO
from sitegen.errors import Problems
from sitegen.load.read import MarkedDict, load_yaml
from sitegen.load.schema import Field, check_value, read_record
from sitegen.model.channel import CHANNEL_HINT, Channel, parse_channel
from sitegen.model.routes import normalise_base_path

# The security policy, in one place: every page declares PAGE_CSP in a meta tag (redirect pages the stricter
# REDIRECT_CSP), and the _headers file for hosts that read one (Netlify, Cloudflare Pages) sends the same
# policy as headers, with what only a header can say (framing, MIME sniffing, referrers).
PAGE_CSP = ("default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
            "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'")
REDIRECT_CSP = ("default-src 'none'", "base-uri 'none'", "form-action 'none'")
HEADER_ONLY_CSP = ("frame-ancestors 'none'",)  # ignored in a meta tag, so said only as a header
SECURITY_HEADERS = (("X-Content-Type-Options", "nosniff"), ("X-Frame-Options", "DENY"),
                    ("Referrer-Policy", "strict-origin-when-cross-origin"))

SITE_FIELDS = (Field("title", "text", True), Field("base_url", "url"), Field("description", "text"),
               Field("licence", "text"), Field("publisher", "text"), Field("corrections", "contact"),
               Field("review_days", "int"))


@dataclass(frozen=True)
class BuildOptions:
    """Where a build reads from and writes to."""

    root: Path = REPO
    out: Path = REPO / "public"
    base_path: str | None = None
    base_url: str | None = None
    corrections: str | None = None  # overrides site.yaml's corrections address (a deploy recipe sets it)
    no_corrections: bool = False  # a deploy build (base_url set) that knowingly offers readers no channel
    templates: Path = REPO / "templates"
    static: Path = REPO / "site_src" / "static"
    write: bool = True
    livereload_port: int = 0
    progress: bool = False  # a progress bar on stderr for long builds (the command line sets it on a terminal)


@dataclass(frozen=True)
class Config:
    """What a build needs besides the records."""

    title: str = "Registri Zona Integritas"
    description: str = "Registri publik unit kerja berpredikat WBK dan WBBM"
    base_path: str = "/"
    base_url: str = ""
    licence: str = "CC BY 4.0"
    publisher: str = ""  # who publishes the registry, named in every footer
    corrections: str = ""  # where readers send records and corrections: github:OWNER/REPO, mailto: or a web form
    review_days: int | None = None  # the publisher's stated review time in working days; unset: /kirim/ promises none
    livereload_port: int = 0  # the dev server adds its reload script (same origin, so the CSP allows it)

    @property
    def channel(self) -> Channel | None:
        """The configured channel for records and corrections, or None: then no page mentions one."""
        return parse_channel(self.corrections) if self.corrections else None

    @property
    def csp(self) -> Markup:
        """The Content-Security-Policy of every page's meta tag (our constant, never user text)."""
        return Markup("; ".join(PAGE_CSP))

    @property
    def redirect_csp(self) -> Markup:
        """The policy of a redirect page, which loads nothing at all."""
        return Markup("; ".join(REDIRECT_CSP))


def headers_file(config: Config) -> bytes:
    """_headers: the pages' policy as HTTP headers for every path of the site (Netlify, Cloudflare Pages)."""
    lines = [f"{config.base_path}*", f"  Content-Security-Policy: {'; '.join(PAGE_CSP + HEADER_ONLY_CSP)}"]
    lines += [f"  {name}: {value}" for name, value in SECURITY_HEADERS]
    return ("\n".join(lines) + "\n").encode()


def load_config(root: Path, base_path: str | None, base_url: str | None, problems: Problems,
                livereload_port: int = 0, corrections: str | None = None, no_corrections: bool = False) -> Config:
    """Read site.yaml under root (optional) and apply command-line overrides; a deploy needs a channel."""
    values: dict = {}
    path = root / "site.yaml"
    deploy_mark: tuple[Path | str, int, int] = ("--base-url", 0, 0)  # where base_url was set, for the problem below
    if path.exists():
        loaded = load_yaml(path, problems)
        if loaded.ok and isinstance(loaded.data, MarkedDict):
            rec = read_record(loaded.data, SITE_FIELDS, "site settings", path, problems)
            values = {k: v for k, v in (rec or {}).items() if not k.startswith("_") and v is not None}
            deploy_mark = (path, *loaded.data.mark("base_url"))
    if base_url is not None:
        checked = command_line_setting("base_url", base_url, problems)
        if checked is not None:
            values["base_url"] = checked.rstrip("/")
        deploy_mark = ("--base-url", 0, 0)
    if corrections is not None:
        values["corrections"] = command_line_channel(corrections, problems)
    if no_corrections:
        values.pop("corrections", None)
    elif values.get("base_url") and not values.get("corrections") and not problems:
        problems.add(*deploy_mark, "base_url is set, so this is a deploy build, but no corrections channel is "
                     "configured: readers would have no way to send a record or a correction",
                     f"set corrections in site.yaml or pass --corrections: {CHANNEL_HINT}; to publish "
                     "without a channel, pass --no-corrections (make: NO_CORRECTIONS=1)")
    try:
        values["base_path"] = normalise_base_path(base_path or "/")
    except ValueError as err:
        problems.add("--base-path", 0, 0, f"{err} (in '{base_path}')", "give the subpath the site is served "
                     "under, made of letters, digits, '-', '_', '.' and '~', e.g. /registri/")
        values["base_path"] = "/"
    values["livereload_port"] = livereload_port
    return Config(**values)


def command_line_setting(name: str, value: str, problems: Problems) -> object | None:
    """A setting given on the command line (or by make, from the environment), checked by the very field
    site.yaml's value is checked by; None (with the problem) when site.yaml would refuse it."""
    spec = next(field for field in SITE_FIELDS if field.name == name)
    before = len(problems.items)
    checked = check_value(value, spec, "setting", f"--{name.replace('_', '-')}", 0, 0, problems)
    return checked if len(problems.items) == before else None


def command_line_channel(value: str, problems: Problems) -> str:
    """--corrections (or CORRECTIONS=) checked as site.yaml's value is; empty means none."""
    if value.strip() and parse_channel(value) is None:
        problems.add("--corrections", 0, 0, f"'{value}' is not a channel", CHANNEL_HINT)
    return value.strip()
