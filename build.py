#!/usr/bin/env python3
"""The command line of Registri Zona Integritas: build, serve, check, import (alias import-csv), import-submission."""

from __future__ import annotations

import argparse
import errno
import logging
import os
import sys
import threading
import time
from pathlib import Path

from sitegen import REPO
from sitegen.cache.inputs import first_look, last_summary
from sitegen.errors import RegistryError
from sitegen.load.config import BuildOptions
from sitegen.progress import summary_of
from sitegen.write import check_output


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand; a user's error prints file:line messages and exits 1."""
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    try:
        return args.run(args)
    except RegistryError as err:
        print(f"error: {err}" if "\n" not in str(err) else str(err), file=sys.stderr)
        count = len(getattr(err, "problems", [])) or 1
        problems = f"{count} problem{'s' if count != 1 else ''}"
        footer = getattr(err, "footer", None)  # an import says what it left alone
        print(f"{footer} ({problems})" if footer else f"build failed: {problems}; public/ was left as it was",
              file=sys.stderr)
        return 1
    except OSError as err:
        if err.errno not in MACHINE_FAULTS:
            raise  # anything else is a bug, and shows its traceback
        where = f"{err.filename}: " if err.filename else ""
        print(f"error: {where}{err.strerror or err}\nstopped: nothing was published (a commit already begun is "
              "finished by the next run); free space or fix the folder's permissions, then run it again",
              file=sys.stderr)
        return 1


# The machine's faults, not the data's: each ends in one line and exit code 1, and leaves nothing stuck.
MACHINE_FAULTS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO, errno.EFBIG,
                  errno.EMFILE, errno.ENFILE, errno.ENOTDIR, errno.EISDIR}


def parser() -> argparse.ArgumentParser:
    """The subcommands and their options."""
    top = argparse.ArgumentParser(prog="build.py", description=__doc__)
    top.add_argument("-v", "--verbose", action="store_true", help="log each stage")
    sub = top.add_subparsers(required=True, metavar="COMMAND")

    b = sub.add_parser("build", help="build the site into public/")
    _site_options(b)
    b.add_argument("--out", type=Path, default=REPO / "public", help="output folder (default: public/)")
    b.add_argument("--no-incremental", dest="incremental", action="store_false",
                   help="build everything afresh, reading and leaving no state, cache or memo")
    b.set_defaults(run=run_build)

    c = sub.add_parser("check", help="validate data/ and site_src/ without writing anything")
    _site_options(c)
    c.set_defaults(run=run_check)

    s = sub.add_parser("serve", help="build, serve on http://127.0.0.1:8000 and rebuild on save")
    _site_options(s)
    s.add_argument("--out", type=Path, default=REPO / "public", help="output folder (default: public/)")
    s.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, this machine only)")
    s.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    s.set_defaults(run=run_serve)

    i = sub.add_parser("import", aliases=["import-csv"], help="merge an award list (.csv, .xlsx, .ods) into data/",
                       description="Merge an award list into data/. Headers may be the importer's own "
                       "(year,predicate,institution,...) or Indonesian ('Nama Unit Kerja', 'K/L/Pemda', 'Predikat', "
                       "'Tahun', 'Sumber', ...); see docs/importing.md.")
    i.add_argument("file", type=Path, help="the list: .csv (UTF-8 or Windows-1252, comma or semicolon), .xlsx, .ods")
    i.add_argument("--dry-run", action="store_true", help="print what would change and write nothing")
    i.add_argument("--same", action="append", default=[], metavar="'NAME=UNIT_ID'",
                   help="a likely duplicate is that unit: record NAME as its former name in data/units.yaml")
    i.add_argument("--distinct", action="append", default=[], metavar="'NAME=UNIT_ID'",
                   help="a likely duplicate is another unit: record it in data/units.yaml, never asked again")
    i.add_argument("--root", type=Path, default=REPO, help="registry folder holding data/ (default: this repo)")
    i.set_defaults(run=run_import)

    m = sub.add_parser("import-submission", help="import one submission (issue form body or issue event JSON)",
                       description="Read one submission from the new-record form (the issue's Markdown body, or "
                       "the GitHub issue event's JSON) as one import row and import it as `import` would, with "
                       "hints for the submitter in plain Indonesian; see docs/importing.md.")
    m.add_argument("file", type=Path, help="the issue body (.md, .txt) or the issue event (.json)")
    m.add_argument("--dry-run", action="store_true", help="print what would change and write nothing")
    m.add_argument("--root", type=Path, default=REPO, help="registry folder holding data/ (default: this repo)")
    m.set_defaults(run=run_import_submission)
    return top


def _site_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--root", type=Path, default=REPO, help="registry folder holding data/ and site_src/")
    p.add_argument("--base-path", default=None, help="deploy under a subpath, e.g. /registri/")
    p.add_argument("--base-url", default=None, help="absolute site address for canonical links and feeds")
    p.add_argument("--corrections", default=None,
                   help="where readers send records and corrections: github:OWNER/REPO, mailto:... or a web "
                   "form's https:// address (overrides site.yaml)")
    p.add_argument("--no-corrections", action="store_true",
                   help="build with no channel at all, even for a deploy (base_url set); no page offers one")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 1)")


def _options(args: argparse.Namespace, write: bool = True) -> BuildOptions:
    root = args.root.resolve()
    static = root / "site_src" / "static"
    return BuildOptions(root=root, out=getattr(args, "out", REPO / "public"), base_path=args.base_path,
                        base_url=args.base_url, corrections=args.corrections,
                        no_corrections=args.no_corrections,
                        static=static if static.is_dir() else REPO / "site_src" / "static",
                        write=write, progress=sys.stderr.isatty())


def run_build(args: argparse.Namespace) -> int:
    """build: validate, render, and publish atomically; first, a look at whether anything changed at all."""
    started, options = time.perf_counter(), _options(args)
    check_output(options.out, options.root)  # before the first look reads anything beside the output
    last = first_look(options) if args.incremental else None
    if last is not None and last.unchanged:
        summary = summary_of(last_summary(last.state), 0, started)
    else:
        from sitegen.cache.session import Session  # loaded only when there is something to build
        from sitegen.pipeline import build

        cache = Session() if args.incremental else None
        if cache is not None and last is not None:
            cache.take(options.out, last)
        summary = build(options, cache)
    report_warnings(summary.warnings)
    print(summary.line())
    return 1 if args.strict and summary.warnings else 0


def report_warnings(warnings: list[str]) -> None:
    """Every warning on stderr, one line per kind."""
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)


def run_check(args: argparse.Namespace) -> int:
    """check: validate only."""
    from sitegen.cache.session import Session
    from sitegen.pipeline import build

    summary = build(_options(args, write=False), Session())
    report_warnings(summary.warnings)
    print(f"ok: {summary.units:,} units, {summary.rounds:,} rounds, {summary.institutions:,} institutions, "
          f"{summary.pages:,} pages, {len(summary.warnings)} warnings")
    return 1 if args.strict and summary.warnings else 0


def run_serve(args: argparse.Namespace) -> int:
    """serve: the live-reload dev server."""
    from sitegen.serve import serve

    options = _options(args)
    check_output(options.out, options.root)
    serve(options, host=args.host, port=args.port)
    return 0


def run_import(args: argparse.Namespace) -> int:
    """import: merge an award list into data/ (or show what would change); the summary is printed either way."""
    from sitegen.importer.run import ImportStopped, import_file

    try:
        summary = import_file(args.file, args.root.resolve(), dry_run=args.dry_run, same=args.same,
                              distinct=args.distinct, progress=sys.stderr.isatty())
    except ImportStopped as err:
        print(err.summary.text())
        raise
    print(summary.text())
    return 0


def run_import_submission(args: argparse.Namespace) -> int:
    """import-submission: one submission through the import; exit 1 when it stops, the report printed either way."""
    from sitegen.importer.submission import import_submission

    report = import_submission(args.file, args.root.resolve(), dry_run=args.dry_run)
    print(report.text)
    return 0 if report.ok else 1



def exit_now(code: int) -> None:
    """Exit without tearing the heap down object by object (0.1 s after a 10,000-unit build), once
    every file is written and closed; a thread still at work (the dev server's state save), a profiler or a
    coverage tracer that writes its results at exit is let finish."""
    if threading.active_count() > 1 or sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    exit_now(main())
