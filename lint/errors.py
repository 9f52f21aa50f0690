"""Errors the CLI turns into one-line messages and exit code 2."""
from __future__ import annotations


class JiaoduiError(Exception):
    """Base: a user-facing problem (never shown with a traceback)."""


class InputError(JiaoduiError):
    """A file could not be read or decoded."""

    def __init__(self, path: str, cause: str) -> None:
        super().__init__(f"{path}: {cause}")
        self.path = path
        self.cause = cause


class ConfigError(JiaoduiError):
    """A configuration file or option is invalid."""
