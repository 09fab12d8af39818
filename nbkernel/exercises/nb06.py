"""Exercises of notebook 06."""

from .registry import Exercise, Mistake, register  # noqa: F401
