"""What each speed layer buys: the build with everything on, and with each layer switched off in turn.

    .venv/bin/python bench/layers.py [--units 10000] [--runs 3] [--layers NAME ...] [--work DIR]
    make bench-layers

On a generated registry (`bench/sample.py`, written under /dev/shm so that disk noise stays out;
removed at the end), every layer gets a block of measurements:

- a clean build as a whole process (output, state and cache deleted first);
- a rebuild with nothing changed, as a whole process;
- a one-award edit as a whole process (bench/run.py's `edit_one_award`);
- the same edit in the dev server: one resident `Session` in one process, edits timed after its
  first build (as bench/run.py's `in_process_figures` does).

Each measurement is the median of `--runs` runs. A block with everything on runs before each
variant and after the last one, so load drifts hit both sides alike; a variant's delta is taken
against the median of the two all-on blocks beside it. Each block also checks that the output is
byte-identical to a build with the speed machinery off (`--no-incremental`) of the same input: a
variant that changes output is a broken switch, and the script stops.

A layer is switched off without touching the generator: each build runs in a child process
(`bench/layers.py --variant NAME build ...` or `... dev ...`) that monkeypatches the layer's
switch before building (see LAYERS). The lines each layer costs are counted from the source
(`Layer.code`: whole modules, or `module:Qualname` for the functions and classes of a layer).
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.run import Run

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

PY = sys.executable
METRICS = ("clean", "edit", "dev", "nochange")
HEADS = {"clean": "clean s", "edit": "process edit s", "dev": "dev-server edit s", "nochange": "no-change s"}


# ---------------------------------------------------------------- switches (run in the child process)

BUILD_FLAGS: list[str] = []  # added to a child's `build.py build` command line by a switch


def off_incremental() -> None:
    """Everything off: pipeline.build without a cache (`build.py build --no-incremental`; the dev server's too)."""
    from sitegen import pipeline

    plain = pipeline.build

    def build(options: object, cache: object = None) -> object:
        return plain(options)

    pipeline.build = build
    BUILD_FLAGS.append("--no-incremental")


def off_cores() -> None:
    """Jobs run in the build process only: no forked render helpers."""
    from sitegen.cache import runner

    runner.workers_for = lambda jobs, remembered=False: 1


def off_parread() -> None:
    """Round files read one after another in the build process: no forked reader."""
    from sitegen.cache import parread

    parread.PARALLEL_MIN_BYTES = 1 << 62


def off_round_cache() -> None:
    """Every round file parsed and checked again (parread stays on): no round cache, so no re-read in part
    and no records handed over as the same objects either."""
    from sitegen.cache import parread
    from sitegen.cache.datacache import RoundCache

    RoundCache.read_rounds = lambda self, paths, problems: parread.read_rounds(paths, problems)


def off_reread() -> None:
    """An edited round file is read whole (the round cache stays on)."""
    from sitegen.cache import datacache

    datacache.reread_round = lambda *args: None


def off_memo() -> None:
    """No memos of the site-wide files' pieces: exports and search index made afresh (piece tables unused)."""
    from sitegen.cache import memo

    memo.MAX_UNITS = -1


def off_changes_only() -> None:
    """Always publish a whole new tree (hard links to unchanged files, one exchange), never by journal."""
    from sitegen.cache import session

    session.CHANGES_ONLY_SHARE = -1.0


def off_template_cache() -> None:
    """Templates compiled in every process: no FileSystemBytecodeCache of compiled templates."""
    import jinja2

    from sitegen.cache.session import Session
    from sitegen.render.jinja import make_environment

    def environment(self: Session, options: object, config: object) -> jinja2.Environment:
        env = make_environment(options.templates, config)
        for name in env.list_templates():
            with contextlib.suppress(jinja2.TemplateError):
                env.get_template(name)
        return env

    Session.compiled_environment = environment


def off_gc_pause() -> None:
    """The cyclic collector runs while loading, and the loaded registry is not frozen out of collections."""
    from sitegen import pipeline

    pipeline.collector_paused = contextlib.nullcontext


def off_load_apart() -> None:
    """A big registry loads in the build process (not in a forked child that sends the model back)."""
    from sitegen.cache import forkload

    forkload.APART_FROM_BYTES = 1 << 62


def off_warm_start() -> None:
    """A command-line build loads from the round cache alone, every unit made and linked afresh (no warm.pickle)."""
    from sitegen.cache import warm

    warm.resume = lambda rounds, memos, units: None


def off_exit() -> None:
    """build.py leaves with sys.exit (the heap torn down object by object) instead of os._exit."""
    import build

    build.exit_now = sys.exit


def off_shortcut() -> None:
    """A build whose inputs and outputs are as the last one left them loads and plans all the same
    (build.py's first look, inputs.first_look, and the session both find something changed)."""
    from sitegen.cache import inputs, session

    inputs.unchanged = session.unchanged = lambda out, state, found: False


def off_unit_memo() -> None:
    """Dev server: units made afresh from the records (no UnitMemo, regroup, link_again) and every unit's
    warning flags worked out again (no SameUnit)."""
    from sitegen.cache.datacache import RoundCache
    from sitegen.cache.session import Session
    from sitegen.cache.unit_memo import CachedRounds
    from sitegen.load.checks import collect_warnings

    RoundCache.loading = lambda self: CachedRounds(self.read_rounds)
    Session.warnings = lambda self, registry, config, out: collect_warnings(registry, config)


def off_kept_plan() -> None:
    """Dev server: every unit digested and the Jinja environment made again for each edit."""
    from sitegen.cache import plan, session

    session.DepDigests = lambda registry, external, known=None: plan.DepDigests(registry, external)
    session.Session.environment = lambda self, options, config: self.compiled_environment(options, config)


def off_trusted() -> None:
    """Dev server: every output file stat'ed per edit, clean jobs' files kept one by one (no carry_over)."""
    from sitegen.cache.session import Session

    record = Session.record

    def untrusting(self: Session, staged: object, facts: dict) -> None:
        record(self, staged, facts)
        self._trusted.discard(staged.writer.out)
        self._origins.pop(staged.writer.out, None)

    Session.record = untrusting


@dataclass(frozen=True)
class Layer:
    """A speed layer: how to switch it off, which figures it can change, and the code it takes."""

    name: str
    switch: Callable[[], None] | None
    code: tuple[str, ...]  # "path" (a whole module) or "path:Qualname" (one function or class)
    process: bool = True  # measured as whole processes (clean, edit, no-change)
    dev: bool = True  # measured in the dev server
    default: bool = True  # measured when no --layers are named (load apart acts from about 25,000 units only)
    acts_on: tuple[str, ...] = METRICS  # the figures the switch can change at all


INC = "sitegen/cache/"
LAYERS = [
    Layer("all on", None, ()),
    Layer("both cores (runner)", off_cores,
          (*(f"{INC}runner.py:{q}" for q in ("workers_for", "run_parallel", "chunks", "take_chunks", "fork_helper",
                                             "receive", "stop_helper", "merge", "_picklable", "Batch")),
           f"{INC}child.py:die_with_parent")),
    Layer("parallel read (parread)", off_parread,
          (f"{INC}parread.py", f"{INC}child.py:in_child", f"{INC}child.py:_send", f"{INC}child.py:cores")),
    Layer("round cache (datacache)", off_round_cache, (f"{INC}datacache.py",)),
    Layer("re-read in part (reread)", off_reread,
          (f"{INC}reread.py", f"{INC}datacache.py:RoundCache._reread", f"{INC}datacache.py:RoundCache._earlier")),
    Layer("memos + piece tables", off_memo,
          (f"{INC}memo.py", f"{INC}piece_table.py", f"{INC}award_table.py", f"{INC}search_table.py")),
    Layer("changes-only publish", off_changes_only,
          ("sitegen/write.py:SiteWriter.keep_all", "sitegen/write.py:write_journal", "sitegen/write.py:commit_changes",
           "sitegen/write.py:apply_journal", "sitegen/write.py:remove_empty_parents",
           "sitegen/write.py:finish_interrupted_commit")),
    Layer("compiled-template cache", off_template_cache,
          (f"{INC}session.py:Session.template_cache", f"{INC}state.py:code_folder")),
    Layer("gc pause + freeze", off_gc_pause, ("sitegen/pipeline.py:collector_paused",)),
    Layer("load apart (forkload)", off_load_apart, (f"{INC}forkload.py",), dev=False, default=False),
    Layer("warm start", off_warm_start, (f"{INC}warm.py", f"{INC}datacache.py:RoundCache.keep"), dev=False),
    Layer("os._exit", off_exit, ("build.py:exit_now",), dev=False),
    Layer("no-change shortcut", off_shortcut,
          (f"{INC}inputs.py:LastBuild", f"{INC}inputs.py:state_of", f"{INC}inputs.py:unchanged",
           f"{INC}inputs.py:first_look", f"{INC}session.py:Session.nothing_changed",
           f"{INC}session.py:Session.last_summary", f"{INC}plan.py:files_as_left", f"{INC}plan.py:output_as_left",
           f"{INC}plan.py:folders_unchanged"), dev=False,
          acts_on=("nochange",)),
    Layer("dev: unit memo + SameUnit", off_unit_memo,
          (f"{INC}unit_memo.py", f"{INC}datacache.py:RoundCache._keep_unchanged_records",
           f"{INC}session.py:Session.warnings"),
          process=False),
    Layer("dev: kept digests + env", off_kept_plan,
          (f"{INC}session.py:Session.environment", f"{INC}plan.py:DepDigests._whole",
           f"{INC}plan.py:DepDigests.take_known"), process=False),
    Layer("dev: trusted output", off_trusted,
          ("sitegen/write.py:SiteWriter.carry_over", f"{INC}session.py:run_all"), process=False),
    Layer("incremental (all)", off_incremental,
          (*(f"{INC}{m}.py" for m in ("session", "inputs", "state", "plan", "jobs", "tracking", "runner", "child",
                                      "memo", "datacache", "reread", "parread", "forkload", "unit_memo",
                                      "warm", "award_table", "search_table", "piece_table", "seal")),)),
]
BY_NAME = {layer.name: layer for layer in LAYERS}
SLUGS = {layer.name.split(" (")[0].replace(" ", "-").replace(":", "").replace("+", "and"): layer for layer in LAYERS}


def switch_off(slug: str) -> None:
    """Apply one layer's switch in this (child) process."""
    layer = SLUGS[slug]
    if layer.switch is not None:
        layer.switch()


# ---------------------------------------------------------------- the child process

def child_build(argv: list[str]) -> None:
    """`build.py build ARGS` with the switch applied (build.py's own main and exit)."""
    import build

    build.exit_now(build.main(["build", *argv, *BUILD_FLAGS]))


def child_dev(root: Path, out: Path, runs: int, first: int) -> None:
    """The dev server's rebuilds: one resident Session, a first build, then `runs` timed edits; prints JSON."""
    from bench.run import edit_one_award
    from sitegen import pipeline
    from sitegen.cache.session import Session

    session, options = Session(resident=True), pipeline.BuildOptions(root=root, out=out)
    pipeline.build(options, session)
    timings, cpu, summary = [], [], None
    for number in range(runs):
        edit_one_award(root, first + number)
        started, used = time.perf_counter(), cpu_seconds()
        summary = pipeline.build(options, session)
        timings.append(time.perf_counter() - started)
        cpu.append(cpu_seconds() - used)
    session.wait_for_save()
    print(json.dumps({"timings": timings, "cpu": cpu, "rendered": summary.rendered, "jobs": summary.jobs}))


def cpu_seconds() -> float:
    """CPU seconds of this process and its finished children (a build may fork render helpers)."""
    mine = os.times()
    return mine.user + mine.system + mine.children_user + mine.children_system


# ---------------------------------------------------------------- the measuring process

@dataclass
class Block:
    """One layer's measurements: wall seconds per figure, and the load average around them."""

    layer: str
    seconds: dict[str, list[float]] = field(default_factory=dict)  # wall
    cpu: dict[str, list[float]] = field(default_factory=dict)  # user + system, the process's children included
    rss: int = 0  # the clean builds' largest peak RSS (bytes, the largest process of the tree)
    load: list[float] = field(default_factory=list)
    uptime: str = ""


def variant_args(slug: str, *rest: str) -> list[str]:
    return [PY, os.fspath(Path(__file__).resolve()), "--variant", slug, *rest]


def timed(args: list[str]) -> tuple[float, str]:
    """Wall seconds and output of a whole process."""
    run = run_measured(args)
    return run.wall, run.stdout


def run_measured(args: list[str]) -> Run:
    """Wall seconds, CPU, peak RSS (the largest process of its tree) and output of a whole process.

    As bench/run.py's run_process, the disk synced first, but without its PSS sampler: polling /proc
    every 50 ms takes a tenth of a core, which a 2-core machine would take from the build.
    """
    from bench.run import Run

    os.sync()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(args, cwd=REPO, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{' '.join(args)} failed:\n{err.read().decode()[-3000:]}")
        return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, 0, out.read().decode())


def tree_digest(out: Path) -> str:
    """A digest of every file's path and bytes under a folder."""
    total = hashlib.blake2b(digest_size=16)
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        total.update(os.fsencode(path.relative_to(out)) + b"\0" + path.read_bytes() + b"\0")
    return total.hexdigest()


def reference(root: Path, work: Path) -> str:
    """The digest of a build with the speed machinery off, of the registry as it is now."""
    from bench.run import clean_output

    ref = work / "reference" / "public"
    clean_output(ref)
    timed([PY, "build.py", "build", "--no-incremental", "--root", os.fspath(root), "--out", os.fspath(ref)])
    found = tree_digest(ref)
    clean_output(ref)
    return found


def measure(layer: Layer, root: Path, pristine: tuple[Path, bytes, str], work: Path, runs: int, serial: int,
            figures: tuple[str, ...] = METRICS) -> Block:
    """One block: clean builds, no-change rebuilds, process edits, dev-server edits (those of `figures`); the
    output checked after the clean builds and after the edits."""
    from bench.run import build_args, clean_output, edit_one_award

    slug = next(s for s, x in SLUGS.items() if x is layer)
    out, block = work / "out" / "public", Block(layer.name, load=[os.getloadavg()[0]])
    pristine[0].write_bytes(pristine[1])
    wrap = variant_args(slug, "build")
    if layer.process and "clean" in figures:
        clean = []
        for _ in range(runs):
            clean_output(out)
            clean.append(run_measured(wrap + build_args(root, out)[3:]))
        block.seconds["clean"], block.rss = [run.wall for run in clean], max(run.rss for run in clean)
        block.cpu["clean"] = [run.cpu for run in clean]
        check(layer, "clean build", tree_digest(out), pristine[2])
    if layer.process and "clean" not in figures and {"nochange", "edit"} & set(figures):
        timed(wrap + build_args(root, out)[3:])  # the output as the last build of this input left it
    if layer.process and "nochange" in figures:
        nochange = [run_measured(wrap + build_args(root, out)[3:]) for _ in range(runs)]
        if "(0 written)" not in nochange[-1].stdout and layer.switch is not off_incremental:
            raise SystemExit(f"{layer.name}: a no-change rebuild wrote files: {nochange[-1].stdout}")
        block.seconds["nochange"], block.cpu["nochange"] = [r.wall for r in nochange], [r.cpu for r in nochange]
    if layer.process and "edit" in figures:
        edits = []
        for number in range(runs):
            edit_one_award(root, serial * 1000 + number)
            edits.append(run_measured(wrap + build_args(root, out)[3:]))
        block.seconds["edit"], block.cpu["edit"] = [r.wall for r in edits], [r.cpu for r in edits]
    if layer.dev and "dev" in figures:
        _, printed = timed(variant_args(slug, "dev", "--root", os.fspath(root), "--out", os.fspath(out),
                                        "--runs", str(runs), "--first", str(serial * 1000 + 500)))
        figures_of = json.loads(printed.strip().splitlines()[-1])
        block.seconds["dev"], block.cpu["dev"] = figures_of["timings"], figures_of["cpu"]
    if layer.switch is not None and {"nochange", "edit", "dev"} & set(figures):  # all on: tests/test_speed_off.py
        check(layer, "after the edits", tree_digest(out), reference(root, work))
    block.load.append(os.getloadavg()[0])
    block.uptime = uptime()
    return block


def block_figures(order: list[Layer], serial: int, wanted: list[str]) -> tuple[str, ...]:
    """The figures a block measures: a variant's own; an all-on block's, those of the variants beside it."""
    def own(layer: Layer) -> set[str]:
        return {m for m in wanted if (layer.dev if m == "dev" else layer.process) and m in layer.acts_on}

    if order[serial].switch is not None:
        return tuple(m for m in METRICS if m in own(order[serial]))
    beside = set().union(*(own(x) for x in order[max(0, serial - 1):serial + 2] if x.switch is not None))
    return tuple(m for m in METRICS if m in beside)


def check(layer: Layer, what: str, found: str, expected: str) -> None:
    """Stop when a variant's output is not byte-identical to the speed-off build's."""
    if found != expected:
        raise SystemExit(f"{layer.name}: output {what} differs from --no-incremental: a broken switch")


def uptime() -> str:
    """`uptime`'s load averages."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f}"


# ---------------------------------------------------------------- lines of code

def code_lines(spec: str) -> int:
    """Lines of a module, or of one function or class in it (decorators included)."""
    path, _, qualname = spec.partition(":")
    text = (REPO / path).read_text(encoding="utf-8")
    if not qualname:
        return len(text.splitlines())
    node: ast.AST = ast.parse(text)
    for part in qualname.split("."):
        node = next(n for n in ast.iter_child_nodes(node) if getattr(n, "name", None) == part)
    first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
    return node.end_lineno - first + 1


def layer_lines(layer: Layer) -> int:
    return sum(code_lines(spec) for spec in layer.code)


# ---------------------------------------------------------------- the table

def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def results_table(blocks: list[Block], kind: str = "seconds") -> str:
    """One row per layer: its lines, each figure's median and its delta against the all-on blocks beside it
    (kind: "seconds", wall, or "cpu")."""
    head = (f"{'layer switched off':<30} | {'lines':>5} | " + " | ".join(f"{HEADS[m]:>24}" for m in METRICS)
            + " | clean peak RSS | load")
    rows = [head, "-" * len(head)]
    base = [b for b in blocks if b.layer == "all on"]
    rows.append(row("all on", "-", {m: median([x for b in base for x in getattr(b, kind).get(m, [])]) for m in METRICS},
                    {}, rss(base), loads(base)))
    for i, block in enumerate(blocks):
        if block.layer == "all on":
            continue
        beside = [b for b in blocks[max(0, i - 1):i + 2] if b.layer == "all on"]
        ours = {m: median(getattr(block, kind).get(m, [])) for m in METRICS}
        theirs = {m: median([x for b in beside for x in getattr(b, kind).get(m, [])]) for m in METRICS}
        rows.append(row(block.layer, str(layer_lines(BY_NAME[block.layer])), ours, theirs, rss([block]),
                        loads([block])))
    return "\n".join(rows)


def row(name: str, lines: str, ours: dict, theirs: dict, memory: str, load: str) -> str:
    cells = []
    for m in METRICS:
        value, base = ours.get(m), theirs.get(m)
        if value is None:
            cells.append(f"{'-' if name == 'all on' else '(same path)':>24}")
        elif base is None:
            cells.append(f"{value:>24.2f}")
        else:
            cells.append(f"{f'{value:.2f} ({value - base:+.2f}, {100 * (value - base) / base:+.0f}%)':>24}")
    return f"{name:<30} | {lines:>5} | " + " | ".join(cells) + f" | {memory:>14} | {load}"


def rss(blocks: list[Block]) -> str:
    """The largest peak RSS of these blocks' clean builds."""
    peak = max(b.rss for b in blocks)
    return f"{peak / 2**20:.0f} MiB" if peak else "-"


def loads(blocks: list[Block]) -> str:
    values = [x for b in blocks for x in b.load]
    return f"{min(values):.1f}-{max(values):.1f}"


# ---------------------------------------------------------------- main

def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3, help="runs of each figure per block (the median is shown)")
    parser.add_argument("--layers", nargs="*", default=None, metavar="SLUG",
                        help=f"only these layers (default: all): {', '.join(SLUGS)}")
    parser.add_argument("--figures", nargs="+", choices=METRICS, default=list(METRICS),
                        help="measure only these figures")
    parser.add_argument("--work", type=Path, default=None, help="folder for the sample and outputs (default: /dev/shm)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Measure every layer (interleaved with all-on blocks) and print the table."""
    import compileall

    args = parse(argv)
    compileall.compile_dir(REPO / "sitegen", quiet=1)  # as `make bytecode` does
    shm = Path("/dev/shm")
    work = args.work or Path(tempfile.mkdtemp(prefix="registri-layers-", dir=shm if shm.is_dir() else None))
    chosen = [SLUGS[s] for s in args.layers] if args.layers else [x for x in LAYERS[1:] if x.default]
    print(f"bench/layers.py: {os.cpu_count()} cores, {args.units:,} units, median of {args.runs}, "
          f"work folder {work} ({'in RAM' if str(work).startswith('/dev/shm') else 'on disk'}), load {uptime()}",
          flush=True)
    blocks: list[Block] = []
    try:
        root = work / "sample"
        if not root.is_dir():
            timed([PY, "bench/sample.py", "--units", str(args.units), "--out", os.fspath(root)])
        newest = max((root / "data" / "awards").glob("[0-9]*.yaml"))
        pristine = (newest, newest.read_bytes(), reference(root, work))
        order = [x for layer in chosen for x in (LAYERS[0], layer)] + [LAYERS[0]]
        for serial, layer in enumerate(order):
            blocks.append(measure(layer, root, pristine, work, args.runs, serial,
                                  block_figures(order, serial, args.figures)))
            figures = ", ".join(f"{m} {median(v):.2f}" for m, v in blocks[-1].seconds.items())
            print(f"  {layer.name}: {figures} (load {blocks[-1].uptime})", flush=True)
            if serial % 2 == 0 and serial:  # so far (a long run stopped early still says something)
                print(results_table(blocks, "cpu"), flush=True)
        pristine[0].write_bytes(pristine[1])
    finally:
        if args.work is None:  # /dev/shm is memory: never leave builds there
            shutil.rmtree(work, ignore_errors=True)
    print("\nwall seconds\n" + results_table(blocks))
    print("\nCPU seconds (user + system, forked helpers included)\n" + results_table(blocks, "cpu"))
    print("deltas: against the median of the all-on blocks run just before and after; "
          "(same path): the layer does not act there")
    return 0


def child_main(argv: list[str]) -> None:
    """`--variant SLUG build ARGS...` or `--variant SLUG dev --root R --out O --runs N --first K`."""
    slug, command, rest = argv[1], argv[2], argv[3:]
    switch_off(slug)
    if command == "build":
        child_build(rest)
    else:
        dev = argparse.ArgumentParser()
        for name in ("--root", "--out"):
            dev.add_argument(name, type=Path, required=True)
        dev.add_argument("--runs", type=int, required=True)
        dev.add_argument("--first", type=int, required=True)
        opts = dev.parse_args(rest)
        child_dev(opts.root.resolve(), opts.out, opts.runs, opts.first)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--variant"]:
        child_main(sys.argv[1:])
    else:
        sys.exit(main())
