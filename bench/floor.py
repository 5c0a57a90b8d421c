"""The floor: load data/ with libyaml, index it, render minimal Jinja2 pages, write them. No cleverness.

Usage: python bench/floor.py [--plain] ROOT OUT

Like for like by default: every unit gets the four files the site gives it (its page, a JSON twin, a
verification sheet and an SVG badge; no QR code, like the benchmark's builds, which have no base_url).
--plain writes one page per unit, the floor of earlier benchmarks, kept beside it so both ratios can be read.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import yaml
from jinja2 import DictLoader, Environment
from slugify import slugify

TEMPLATES = {
    "base.html": """<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>{{ title }} · Registri Zona Integritas</title></head>
<body><header><a href="/">Registri Zona Integritas</a></header><main><h1>{{ title }}</h1>
{% block body %}{% endblock %}</main></body></html>
""",
    "home.html": """{% extends "base.html" %}{% block body %}
<p>{{ units }} unit kerja, {{ awards }} predikat.</p>
<h2>Tahun</h2><ul>{% for y in years %}<li><a href="/tahun/{{ y }}/">{{ y }}</a></li>{% endfor %}</ul>
<h2>Provinsi</h2><ul>{% for p, slug in provinces %}<li><a href="/provinsi/{{ slug }}/">{{ p }}</a></li>{% endfor %}</ul>
<h2>Instansi</h2><ul>{% for i in institutions %}<li><a href="/instansi/{{ i.id }}/">{{ i.name }}</a></li>
{% endfor %}</ul>{% endblock %}
""",
    "unit.html": """{% extends "base.html" %}{% block body %}
<p><a href="/instansi/{{ unit.institution }}/">{{ institution_name }}</a>{% if unit.province %}
· {{ unit.province }}{% endif %}{% if unit.city %} · {{ unit.city }}{% endif %}</p>
<table><tr><th>Tahun</th><th>Predikat</th><th>Sumber</th></tr>{% for a in unit.awards %}
<tr><td>{{ a.year or "tahun tidak diketahui" }}</td><td>{{ a.predicate }}</td>
<td><a href="{{ a.source_url }}">{{ a.source_title or a.source_url }}</a></td></tr>{% endfor %}</table>
{% for r in unit.revocations %}<p>Predikat {{ r.predicate }} dicabut {{ r.revoked_on }}: {{ r.reason }}</p>
{% endfor %}{% endblock %}
""",
    "sheet.html": """{% extends "base.html" %}{% block body %}
<p>Lembar periksa untuk {{ unit.name }}: {{ unit.awards[-1].predicate }} {{ unit.awards[-1].year or "" }}</p>
<p><a href="/unit/{{ uid }}/">/unit/{{ uid }}/</a></p>{% endblock %}
""",
    "badge.svg": """<svg xmlns="http://www.w3.org/2000/svg" width="220" height="40" role="img"
aria-label="{{ predicate }} {{ year }}"><rect width="220" height="40" fill="#14532d"/>
<text x="10" y="25" fill="#fff" font-size="13">{{ predicate }} {{ year }} · {{ name[:24] }}</text></svg>
""",
    "list.html": """{% extends "base.html" %}{% block body %}
<p>{{ rows | length }} unit</p><ul>{% for uid, u in rows %}
<li><a href="/unit/{{ uid }}/">{{ u.name }}</a> {{ u.awards[-1].predicate }}</li>{% endfor %}</ul>{% endblock %}
""",
    "year.html": """{% extends "base.html" %}{% block body %}
<p>{{ rows | length }} predikat</p><table>{% for uid, u, a in rows %}
<tr><td><a href="/unit/{{ uid }}/">{{ u.name }}</a></td><td>{{ a.predicate }}</td><td>{{ u.province or "" }}</td>
</tr>{% endfor %}</table>{% endblock %}
""",
}


def load(root: Path) -> tuple[list[dict], list[dict], list[dict]]:
    """Institutions, award rounds and revocations, parsed by libyaml."""
    def read(path: Path) -> object:
        with open(path, encoding="utf-8") as handle:
            return yaml.load(handle, Loader=yaml.CSafeLoader)

    data = root / "data"
    rounds = [read(p) for p in sorted((data / "awards").glob("*.yaml"))]
    revocations = read(data / "revocations.yaml") if (data / "revocations.yaml").exists() else []
    return read(data / "institutions.yaml") or [], rounds, revocations or []


def index(rounds: list[dict], revocations: list[dict]) -> dict:
    """Units by id, and unit ids by institution, year and province."""
    units: dict[str, dict] = {}
    by_inst: dict[str, list[str]] = {}
    by_year: dict[int, list[tuple[str, dict]]] = {}
    by_prov: dict[str, list[str]] = {}
    for rnd in rounds:
        for award in rnd.get("awards") or []:
            award["year"] = rnd.get("year")
            uid = award["institution"] + "/" + slugify(award["unit"])
            unit = units.get(uid)
            if unit is None:
                unit = units[uid] = {"name": award["unit"], "institution": award["institution"], "province": None,
                                     "city": None, "awards": [], "revocations": []}
                by_inst.setdefault(award["institution"], []).append(uid)
            unit["awards"].append(award)
            if award.get("province") and not unit["province"]:
                unit["province"] = award["province"]
                by_prov.setdefault(award["province"], []).append(uid)
            unit["city"] = award.get("city") or unit["city"]
            if award["year"] is not None:
                by_year.setdefault(award["year"], []).append((uid, award))
    for rev in revocations:
        if rev["unit"] in units:
            units[rev["unit"]]["revocations"].append(rev)
    return {"units": units, "by_inst": by_inst, "by_year": by_year, "by_prov": by_prov}


def write(out: Path, route: str, html: str) -> None:
    """Write one page as OUT/<route>/index.html."""
    folder = out / route
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(html, encoding="utf-8")


def write_file(out: Path, path: str, text: str) -> None:
    """Write one file at OUT/<path>."""
    target = out / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def unit_extras(out: Path, env: Environment, uid: str, unit: dict) -> None:
    """The three files a unit has beside its page: JSON twin, verification sheet, badge."""
    write_file(out, f"unit/{uid}/index.json", json.dumps(unit, ensure_ascii=False, sort_keys=True, default=str))
    write(out, f"unit/{uid}/periksa", env.get_template("sheet.html").render(
        title=f"Periksa {unit['name']}", unit=unit, uid=uid))
    last = unit["awards"][-1]
    write_file(out, f"unit/{uid}/lencana.svg", env.get_template("badge.svg").render(
        predicate=last["predicate"], year=last.get("year") or "", name=unit["name"]))


def render(out: Path, institutions: list[dict], idx: dict, plain: bool = False) -> int:
    """Home, one page per unit (with its three other files unless plain), institution, year and province;
    returns the number of pages."""
    env = Environment(loader=DictLoader(TEMPLATES), autoescape=True)
    units = idx["units"]
    names = {i["id"]: i["name"] for i in institutions}
    provinces = sorted(idx["by_prov"])
    awards = sum(len(u["awards"]) for u in units.values())
    write(out, "", env.get_template("home.html").render(
        title="Beranda", units=len(units), awards=awards, years=sorted(idx["by_year"]),
        provinces=[(p, slugify(p)) for p in provinces], institutions=institutions))
    unit_tpl, list_tpl, year_tpl = (env.get_template(n) for n in ("unit.html", "list.html", "year.html"))
    for uid, unit in units.items():
        write(out, f"unit/{uid}", unit_tpl.render(title=unit["name"], unit=unit,
                                                  institution_name=names.get(unit["institution"], unit["institution"])))
        if not plain:
            unit_extras(out, env, uid, unit)
    for inst in institutions:
        rows = sorted(((uid, units[uid]) for uid in idx["by_inst"].get(inst["id"], ())), key=lambda r: r[1]["name"])
        write(out, f"instansi/{inst['id']}", list_tpl.render(title=inst["name"], rows=rows))
    for year, pairs in idx["by_year"].items():
        rows = sorted(((uid, units[uid], a) for uid, a in pairs), key=lambda r: (r[1]["institution"], r[1]["name"]))
        write(out, f"tahun/{year}", year_tpl.render(title=f"Penganugerahan {year}", rows=rows))
    for prov in provinces:
        rows = sorted(((uid, units[uid]) for uid in idx["by_prov"][prov]), key=lambda r: r[1]["name"])
        write(out, f"provinsi/{slugify(prov)}", list_tpl.render(title=prov, rows=rows))
    return 1 + len(units) * (1 if plain else 2) + len(institutions) + len(idx["by_year"]) + len(provinces)


def main(argv: list[str]) -> int:
    """Load, index, render, and print a one-line summary."""
    plain = "--plain" in argv
    argv = [a for a in argv if a != "--plain"]
    if len(argv) != 2:
        print("usage: python bench/floor.py [--plain] ROOT OUT", file=sys.stderr)
        return 2
    root, out = Path(argv[0]), Path(argv[1])
    start = time.perf_counter()
    institutions, rounds, revocations = load(root)
    loaded = time.perf_counter()
    idx = index(rounds, revocations)
    indexed = time.perf_counter()
    pages = render(out, institutions, idx, plain)
    done = time.perf_counter()
    print(f"floor{' (plain)' if plain else ''}: {len(idx['units'])} units, {pages} pages in {done - start:.2f}s "
          f"(load {loaded - start:.2f}s, index {indexed - loaded:.2f}s, render+write {done - indexed:.2f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
