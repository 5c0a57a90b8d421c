"""Every URL and output path, one rule per page kind, so the two can never drift apart.

A route is a site-relative path without a leading slash ("unit/polri/polres-gresik/"). The base
path of a deploy is applied in exactly one place, `href`, and nowhere else.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import PurePosixPath

from slugify import slugify

UNDATED = "tanpa-tahun"


# Names Windows keeps for devices: a folder called CON or LPT1 cannot be checked out or copied there.
WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)),
                              *(f"lpt{n}" for n in range(1, 10))})


def folder_of(path: str) -> str:
    """An id or slug as output folders: a part Windows reserves gets a trailing '_', which no slug or id can
    end in, so the address stays the same every build and never meets another record's."""
    return "/".join(part + "_" if part.split(".")[0] in WINDOWS_RESERVED else part for part in path.split("/"))


def home() -> str:
    """The front page."""
    return ""


def unit(unit_id: str) -> str:
    """A unit's permanent page: /unit/<institution id>/<unit slug>/."""
    return f"unit/{folder_of(unit_id)}/"


UNITS_FOLDER = "unit"  # every unit page and former address is a folder two levels below this one


def unit_of_page_file(rel: str) -> str | None:
    """The unit route an output file is the page of ("unit/<institution>/<slug>/index.html": a unit's page,
    or the redirect left at a former address), else None."""
    parts = rel.split("/")
    if len(parts) == 4 and parts[0] == UNITS_FOLDER and parts[3] == "index.html":
        return rel.removesuffix("index.html")
    return None


def units_of(inst_id: str) -> str:
    """The folder every unit page of one institution is under (the search index stores slugs below it)."""
    return f"unit/{folder_of(inst_id)}/"


def unit_json(unit_id: str) -> str:
    """The JSON twin of a unit page."""
    return f"unit/{folder_of(unit_id)}/index.json"


def institutions() -> str:
    """All institutions by category."""
    return "instansi/"


def institutions_category(category: str) -> str:
    """One category's section of the institutions page (its heading's id)."""
    return f"{institutions()}#{institutions_category_id(category)}"


def institutions_category_id(category: str) -> str:
    """The id of a category's heading on the institutions page."""
    return f"kat-{category}"


def institution(inst_id: str) -> str:
    """One institution and its units."""
    return f"instansi/{folder_of(inst_id)}/"


def years() -> str:
    """All award rounds."""
    return "tahun/"


def year(value: int) -> str:
    """One award round."""
    return f"tahun/{value}/"


def year_totals(value: int) -> str:
    """The reported totals of one round, with their notes and disagreements (a headline's figures point here)."""
    return f"{year(value)}#jumlah"


def provinces() -> str:
    """All provinces."""
    return "provinsi/"


@lru_cache(maxsize=1 << 17)  # a name is slugged when its record is read, and again for a former name's redirect
def unit_slug(name: str) -> str:
    """The URL slug of a unit name (python-slugify: transliterates, lowercases, hyphenates)."""
    return slugify(name)


@lru_cache(maxsize=256)
def province_slug(name: str) -> str:
    """The URL slug of a province name."""
    return slugify(name)


def province(name: str) -> str:
    """Units of one province."""
    return f"provinsi/{province_slug(name)}/"


# The predicate filters of a province or place page, by their URL word: units whose latest recorded
# predicate is WBBM, is WBK, or was taken back. place_slug keeps place slugs off these words.
FILTERS = (("wbbm", "WBBM"), ("wbk", "WBK"), ("dicabut", "revoked"))


FILTER_WORDS = frozenset(word for word, _ in FILTERS)


def place_slug(name: str) -> str:
    """The URL slug of a kabupaten/kota (places.py decides which name): never a predicate filter's word.
    Such a name gets a trailing '_', which no slug can end in, so "WBK" never meets "WBK Daerah"."""
    slug = slugify(name) or "tanpa-nama"
    return slug + "_" if slug in FILTER_WORDS else slug


def province_filter(name: str, word: str) -> str:
    """Units of one province by their latest recorded predicate: /provinsi/jawa-timur/wbbm/."""
    return f"{province(name)}{word}/"


def place(province_name: str, slug: str) -> str:
    """A kabupaten or kota: /provinsi/jawa-timur/gresik/ (slug from places.py)."""
    return f"{province(province_name)}{folder_of(slug)}/"


def place_filter(province_name: str, slug: str, word: str) -> str:
    """Units of one place by their latest recorded predicate: /provinsi/jawa-timur/gresik/wbk/."""
    return f"{place(province_name, slug)}{word}/"


def predicate(name: str) -> str:
    """Units holding one predicate: /predikat/wbk/ or /predikat/wbbm/."""
    return f"predikat/{name.lower()}/"


def news_index() -> str:
    """All news."""
    return "berita/"


def news(slug: str) -> str:
    """One news item."""
    return f"berita/{folder_of(slug)}/"


def prose(slug: str) -> str:
    """A prose page such as /tentang/."""
    return f"{slug}/"


def anticorruption_day() -> str:
    """Hari Antikorupsi Sedunia."""
    return "hari-antikorupsi/"


def submit() -> str:
    """How to send a new record or a correction, and what happens next."""
    return "kirim/"


def search() -> str:
    """The search page."""
    return "cari/"


def units_letter(key: str) -> str:
    """Units whose name starts with one letter ('0': with a digit or sign), for reading without JavaScript."""
    return f"daftar-unit/{key}/"


def unit_sheet(unit_id: str) -> str:
    """A unit's printable verification sheet, with a QR code to its permanent page."""
    return sheet_of(unit(unit_id))


def sheet_of(unit_route: str) -> str:
    """The verification sheet beside a unit page's route."""
    return unit_route + "periksa/"


def unit_badge(unit_id: str) -> str:
    """A unit's status badge (SVG) for its own website: a stable address that changes only with the record."""
    return f"unit/{folder_of(unit_id)}/lencana.svg"


def open_data() -> str:
    """Downloads and field documentation."""
    return "data/"


def data_file(name: str) -> str:
    """A download under /data/."""
    return f"data/{name}"


DOWNLOADS = ("penghargaan", "instansi", "pencabutan")  # each published as <name>.csv and <name>.json
DOWNLOAD_FORMATS = ("csv", "json")


def download(name: str, ext: str) -> str:
    """One of the downloads (DOWNLOADS) in one format."""
    return data_file(f"{name}.{ext}")


def unit_schema() -> str:
    """The JSON Schema of the unit twins."""
    return data_file("unit.schema.json")


def search_index(name: str) -> str:
    """A file of the search index, fetched by the search page's script."""
    return f"cari/indeks/{name}"


def sitemap() -> str:
    """The sitemap for crawlers."""
    return "sitemap.xml"


def robots() -> str:
    """Crawler rules."""
    return "robots.txt"


def host_headers() -> str:
    """The _headers file that Netlify and Cloudflare Pages read for the security headers."""
    return "_headers"


def revocations() -> str:
    """Every revocation."""
    return "pencabutan/"


def news_feed() -> str:
    """Atom feed of news."""
    return "berita/atom.xml"


def changes() -> str:
    """What changed in the registry: awards added, revocations, corrections."""
    return "perubahan/"


def changes_feed() -> str:
    """Atom feed of the changes."""
    return "perubahan/atom.xml"


def awards_feed() -> str:
    """Atom feed of award rounds."""
    return "tahun/atom.xml"


def not_found() -> str:
    """The page static hosts serve for unknown paths."""
    return "404.html"


def static(name: str) -> str:
    """A self-hosted asset."""
    return f"static/{name}"


def output_path(route: str) -> PurePosixPath:
    """Where a route is written under public/: directories get index.html."""
    if route == "" or route.endswith("/"):
        return PurePosixPath(route) / "index.html"
    return PurePosixPath(route)


def output_file(route: str) -> str:
    """output_path as text, made without a path object (it is asked for every page of every build)."""
    return route + "index.html" if route == "" or route.endswith("/") else route


def href(route: str, base_path: str) -> str:
    """The link to a route for a site deployed under base_path ("/" or "/sub/")."""
    return base_path + route


def absolute(route: str, base_url: str, base_path: str) -> str:
    """A full URL for canonical links, feeds and the sitemap."""
    return base_url.rstrip("/") + href(route, base_path)


def link(route: str, base_url: str | None, base_path: str) -> str:
    """A link for downloads, feeds and twins: absolute when the site knows its address, root-relative otherwise."""
    return absolute(route, base_url, base_path) if base_url else href(route, base_path)


def normalise_base_path(value: str) -> str:
    """'/registri' and 'registri/' both mean '/registri/'."""
    parts = [p for p in value.split("/") if p]
    for part in parts:
        if part in (".", "..") or not all(c.isalnum() or c in "-_.~" for c in part):
            raise ValueError(f"base path segment '{part}' is not allowed")
    return "/" + "".join(p + "/" for p in parts)


WAYBACK = "https://web.archive.org/web/"


def archived_copy(url: str, archive_url: str = "", checked_on: object = None) -> str:
    """Where an external source's archived copy is: the editor's archive_url, else the Wayback Machine's copy
    nearest the day it was checked (/web/<yyyymmdd>/<url>), else its latest copy (/web/<url>)."""
    if archive_url:
        return archive_url
    day = checked_on.strftime("%Y%m%d") if checked_on is not None else ""
    return f"{WAYBACK}{day}/{url}" if day else f"{WAYBACK}{url}"
