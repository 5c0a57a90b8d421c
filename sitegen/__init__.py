"""Registri Zona Integritas: a static site generator for the public registry of WBK/WBBM units."""

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent  # sitegen/, wherever a module of it lives below
REPO = PACKAGE.parent
