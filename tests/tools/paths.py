"""Well-known locations in the repository that the test tools rely on."""

from __future__ import annotations

import re
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO_ROOT / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE_BIN = NODE_MODULES / ".bin" / "lighthouse"
ARTIFACTS_DIR = REPO_ROOT / "test-artifacts"
SCREENSHOTS_DIR = ARTIFACTS_DIR / "screenshots"
INSTALL_HINT = "run scripts/install-test-deps.sh (or `make test`) to install it"


def require_file(path: Path, what: str) -> Path:
    """Return `path`, raising FileNotFoundError with an install hint if it is missing."""
    if not path.is_file():
        raise FileNotFoundError(f"{what} not found at {path}: {INSTALL_HINT}")
    return path


def artifact_name(name: str) -> str:
    """Turn any test-supplied label into a safe file name stem."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.")
    return stem or "artifact"
