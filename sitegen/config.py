"""Site settings: title, where the site is deployed, and the policy text every footer carries."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sitegen.errors import Problems
from sitegen.load import MarkedDict, load_yaml
from sitegen.routes import normalise_base_path
from sitegen.schema import Field, read_record

SITE_FIELDS = (Field("title", "text", True), Field("base_url", "url"), Field("description", "text"),
               Field("licence", "text"), Field("publisher", "text"), Field("corrections", "contact"))


@dataclass(frozen=True)
class Config:
    """What a build needs besides the records."""

    title: str = "Registri Zona Integritas"
    description: str = "Registri publik unit kerja berpredikat WBK dan WBBM"
    base_path: str = "/"
    base_url: str = ""
    licence: str = "CC BY 4.0"
    publisher: str = ""  # who publishes the registry, named in every footer
    corrections: str = ""  # where readers report errors and send sources: mailto: or a web form
    livereload_port: int = 0  # the dev server adds its reload script (same origin, so the CSP allows it)


def load_config(root: Path, base_path: str | None, base_url: str | None, problems: Problems,
                livereload_port: int = 0, corrections: str | None = None) -> Config:
    """Read site.yaml under root (optional) and apply command-line overrides."""
    values: dict = {}
    path = root / "site.yaml"
    if path.exists():
        loaded = load_yaml(path, problems)
        if loaded.ok and isinstance(loaded.data, MarkedDict):
            rec = read_record(loaded.data, SITE_FIELDS, "site settings", path, problems)
            values = {k: v for k, v in (rec or {}).items() if not k.startswith("_") and v is not None}
    if base_url is not None:
        values["base_url"] = base_url.rstrip("/")
    if corrections is not None:
        values["corrections"] = corrections
    values["base_path"] = normalise_base_path(base_path or "/")
    values["livereload_port"] = livereload_port
    return Config(**values)
