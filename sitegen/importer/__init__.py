"""Bringing award lists and submissions into data/."""
