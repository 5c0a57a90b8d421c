"""A registry whose every text field carries a script payload, for the output-safety and browser XSS tests.

Each payload, if it ever ran, would set `window.__pwned` to its own tag or open an alert. Record text must be
escaped wherever it is shown; Markdown is sanitised (nh3); the CSP forbids inline scripts anyway.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

BASE = Path(__file__).resolve().parent / "invalid" / "_base"

PAYLOADS = (
    '<script>window.__pwned="{tag}"</script>',
    '<img src=x onerror="window.__pwned=\'{tag}\'">',
    '"><svg onload="window.__pwned=\'{tag}\'">',
    "'><script>alert('{tag}')</script>",
    '</title><script>window.__pwned="{tag}"</script>',
    '</script><script>window.__pwned="{tag}"</script>',
    'javascript:window.__pwned="{tag}"',
    '<a href="javascript:window.__pwned=\'{tag}\'">klik {tag}</a>',
    '<iframe srcdoc="<script>parent.__pwned=\'{tag}\'</script>"></iframe>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert("{tag}")>',
    '<details open ontoggle="window.__pwned=\'{tag}\'">{tag}</details>',
    '{{{{ 7*7 }}}} {{% raw %}} {tag}',
)

NEWS_BODY = """\
Teks biasa dengan tautan ke [putaran 2020](/tahun/2020/) dan gambar sendiri ![logo](/static/logo.svg).

<script>window.__pwned="news-script"</script>
<img src="/static/logo.svg" alt="x" onerror="window.__pwned='news-onerror'">
[tautan jahat](javascript:window.__pwned='news-md-link')
[tautan jahat kapital](JaVaScRiPt:alert('news-md-caps'))
[entitas](&#106;avascript:alert('news-entity'))
<a href="  javascript:alert('news-space')">spasi</a>
<a href="data:text/html,<script>alert('news-data')</script>">data</a>
<svg><script>alert('news-svg')</script></svg>
<iframe src="javascript:alert('news-iframe')"></iframe>
<form action="javascript:alert('news-form')"><button>kirim</button></form>
<details open ontoggle="alert('news-details')">rincian</details>
<math><mtext><table><mglyph><style><img src=x onerror=alert('news-mxss')>
<p style="background:url(javascript:alert('news-style'))">gaya</p>
<object data="javascript:alert('news-object')"></object>
<base href="javascript:alert('news-base')//">
<meta http-equiv="refresh" content="0;url=javascript:alert('news-meta')">
"""


def payload(index: int, tag: str) -> str:
    """One payload text, tagged so a test can tell which one ran."""
    return PAYLOADS[index % len(PAYLOADS)].format(tag=tag)


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


ABOUT_HEADINGS = ("\n## Apa yang diketahui registri\n\nPredikat terakhir tercatat.\n\n"
                  "## Mengirim koreksi atau sumber\n\nSertakan sumber.\n")


def write_hostile_registry(root: Path) -> Path:
    """The _base registry with payloads in every record text field, news and the about page."""
    shutil.copytree(BASE, root)
    data = root / "data"
    (data / "institutions.yaml").write_text(
        f"- id: alfa\n  name: {q('Kementerian ' + payload(0, 'inst-name'))}\n"
        f"  short_name: {q(payload(1, 'inst-short'))}\n  category: kementerian\n"
        f"  aliases: [{q(payload(2, 'inst-alias'))}]\n"
        "- id: kota-beta\n  name: Pemerintah Kota Beta\n  category: kota\n  province: Jawa Timur\n",
        encoding="utf-8")
    awards = [
        f"  - unit: {q(payload(i, f'unit-{i}'))}\n    institution: alfa\n    predicate: {('WBK', 'WBBM')[i % 2]}\n"
        f"    province: Jawa Timur\n    city: {q(payload(i + 1, f'city-{i}') + ', Kota Surabaya')}\n"
        f"    source_url: \"https://contoh.invalid/{i}?a=1&b=<x>\"\n    source_kind: berita\n    set_by: kemenpanrb\n"
        f"    source_title: {q(payload(i + 2, f'title-{i}'))}\n    note: {q(payload(i + 3, f'note-{i}'))}\n"
        f"    sources:\n      - {{url: \"https://contoh.invalid/lain/{i}\", kind: berita, "
        f"title: {q(payload(i + 4, f'src-{i}'))}}}\n"
        for i in range(len(PAYLOADS))
    ]
    (data / "awards" / "2020.yaml").write_text(
        "year: 2020\nceremony:\n  date: 2020-12-21\n"
        f"  place: {q(payload(0, 'place'))}\n  handed_over_by: {q(payload(1, 'handed'))}\n"
        f"  theme: {q(payload(2, 'theme'))}\n  note: {q(payload(3, 'ceremony-note'))}\n"
        "  source_url: \"https://contoh.invalid/upacara\"\n"
        "reported_totals:\n"
        f"  - {{wbk: 10, source_url: \"https://contoh.invalid/total\", note: {q(payload(4, 'total'))}}}\n"
        "awards:\n" + "".join(awards)
        + "  - unit: Dinas Beta\n    institution: kota-beta\n    predicate: WBK\n"
          "    source_url: \"https://contoh.invalid/dinas-beta\"\n    source_kind: resmi\n    set_by: kemenpanrb\n",
        encoding="utf-8")
    (data / "units.yaml").write_text(
        "- id: kota-beta/dinas-beta\n  name: Dinas Beta\n"
        f"  former_names: [{q(payload(5, 'former'))}]\n", encoding="utf-8")
    (data / "revocations.yaml").write_text(
        "- unit: kota-beta/dinas-beta\n  predicate: WBK\n  revoked_on: 2021-03-01\n"
        f"  reason: {q(payload(6, 'reason'))}\n  source_url: \"https://contoh.invalid/cabut\"\n", encoding="utf-8")
    news = root / "site_src" / "news" / "2020-12-21-berita.md"
    news.write_text(
        f"---\ntitle: {q(payload(0, 'news-title'))}\ndate: 2020-12-21\nsource: {q(payload(1, 'news-source'))}\n"
        f"source_url: \"https://contoh.invalid/berita\"\nsummary: {q(payload(2, 'news-summary'))}\n"
        "year: 2020\ninstitutions: [alfa]\n---\n" + NEWS_BODY, encoding="utf-8")
    about = root / "site_src" / "pages" / "tentang.md"
    about.write_text(f"---\ntitle: {q(payload(3, 'about-title'))}\n---\n## Cara kami menyusun registri\n\n"
                     + ABOUT_HEADINGS + "\n" + NEWS_BODY.replace("news-", "about-"), encoding="utf-8")
    return root
