"""jiaodui (校对): a proofreading linter for Chinese text.

Public API (import from the submodules; this package imports nothing heavy):
``lint.readers.parse``/``read_path`` build a Document, ``lint.engine.Linter`` runs rules,
``lint.fixer`` applies fixes, ``lint.formats`` renders results.
"""
__version__ = "0.1.0"
