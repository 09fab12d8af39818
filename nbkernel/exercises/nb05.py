"""Exercises of notebook 05."""

from .registry import Exercise, Mistake, register  # noqa: F401
