"""Only the optional C extension lives here; everything else is in pyproject.toml.

``lint._speedups`` (lint/_speedups.c) holds compiled versions of lint/kernels.py's two
per-character loops.  ``optional=True``: without a C compiler the install still succeeds and
jiaodui runs the pure-Python definitions, with the same results, more slowly.
"""
from setuptools import Extension, setup

setup(ext_modules=[Extension("lint._speedups", ["lint/_speedups.c"], optional=True)])
