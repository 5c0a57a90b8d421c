"""The first question of an incremental build: did anything change since the last build into this folder?

Answering needs only the input files, the state and a stat of every output file, so this module
imports nothing that renders: a command-line build that finds nothing changed never loads Jinja,
the page makers or the registry (build.py asks here before importing the pipeline).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sitegen.cache.plan import inputs_digest, output_as_left
from sitegen.cache.state import BuildState, load_state
from sitegen.errors import Problems
from sitegen.fingerprint import code_digest, digest, file_digests, tree_digest, value_digest
from sitegen.load.config import BuildOptions, Config, load_config
from sitegen.write import tidy


@dataclass(frozen=True)
class Inputs:
    """Digests of everything a build reads, one for all and the parts jobs depend on separately."""

    digest: str
    code: bytes
    config: bytes
    templates: bytes
    static: bytes


@dataclass(frozen=True)
class LastBuild:
    """What a first look found: this build's inputs, the last build's state, and whether nothing changed."""

    inputs: Inputs
    state: BuildState
    unchanged: bool


def read_inputs(options: BuildOptions, config: Config, code: bytes) -> Inputs:
    """Digest every input file's content (never trusting mtimes), the options and the code."""
    root = options.root
    parts = {f"root:{name}": tree_digest(file_digests(root / name, root)) for name in ("data", "site_src")}
    site = root / "site.yaml"
    parts["site.yaml"] = digest(site.read_bytes()) if site.is_file() else b""
    templates = tree_digest(file_digests(options.templates, options.templates))
    static = tree_digest(file_digests(options.static, options.static))
    settings = value_digest(config)
    where = repr((os.fspath(root), os.fspath(options.out.resolve()), os.environ.get("SOURCE_DATE_EPOCH")))
    parts.update(templates=templates, static=static, code=code, config=settings, where=where.encode())
    return Inputs(inputs_digest(parts), code, settings, templates, static)


def state_of(out: Path) -> BuildState:
    """The last build's state of an output folder (empty when there is none), its leftovers tidied first."""
    out = out.resolve()
    tidy(out)
    return load_state(out) if out.is_dir() else BuildState()


def same_inputs(out: Path, state: BuildState, inputs: Inputs) -> bool:
    """The last build into this folder read exactly these inputs."""
    return bool(state.summary) and state.inputs == inputs.digest and out.is_dir()


def unchanged(out: Path, state: BuildState, inputs: Inputs) -> bool:
    """The same inputs as the last build, and every output file and folder exactly as it left them."""
    return same_inputs(out, state, inputs) and output_as_left(out, state)


def last_summary(state: BuildState) -> dict:
    """The facts the last build reported, for a build that found nothing to do."""
    return {**state.summary, "rendered": 0}


def first_look(options: BuildOptions) -> LastBuild | None:
    """A command-line build's first step; None when site.yaml has problems (the pipeline reports them)."""
    problems = Problems(options.root)
    config = load_config(options.root, options.base_path, options.base_url, problems, options.livereload_port,
                         options.corrections, options.no_corrections)
    if problems:
        return None
    out = options.out.resolve()
    state, inputs = state_of(out), read_inputs(options, config, code_digest())
    return LastBuild(inputs, state, unchanged(out, state, inputs))
