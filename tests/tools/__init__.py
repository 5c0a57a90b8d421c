"""Test infrastructure for real-browser quality gates.

Modules (import them as `tests.tools.<module>`; the conftests put the repo root on sys.path):
- server: `static_server(root, prefix)`, a real nginx on loopback.
- browser: Debian Chromium launch flags, page setups, `save_screenshot`, console/request watchers.
- axe: `run_axe(page)`, `serious_violations`, `format_violations`.
- vnu: `validate_html(paths)`, the Nu HTML checker in one JVM.
- crawl: `crawl_site(public_dir, base_path)`, a pure-Python link and resource checker.
- fixtures: the pytest fixtures (browser, page, phone_page, desktop_page, static_server_factory).
"""
