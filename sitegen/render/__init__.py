"""Turning the registry into files: pages, exports, search, badges."""
