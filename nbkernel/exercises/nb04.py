"""Exercises of notebook 04."""

from .registry import Exercise, Mistake, register  # noqa: F401
