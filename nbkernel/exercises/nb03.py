"""Exercises of notebook 03."""

from .registry import Exercise, Mistake, register  # noqa: F401
