"""Exercises of notebook 08."""

from .registry import Exercise, Mistake, register  # noqa: F401
