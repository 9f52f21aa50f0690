"""Configuration, read in one place: ``[tool.jiaodui]`` in pyproject.toml, or jiaodui.toml /
.jiaodui.toml, discovered upward from the checked path; ``--config`` overrides."""
from __future__ import annotations

import fnmatch
import os
import typing as t
from dataclasses import dataclass, field

from lint.errors import ConfigError
from lint.model import Severity

CONFIG_NAMES = ("jiaodui.toml", ".jiaodui.toml", "pyproject.toml")
DEFAULT_INCLUDE = ("*.txt", "*.md", "*.markdown")
DEFAULT_EXCLUDE = (".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox",
                   ".mypy_cache", ".pytest_cache", "build", "dist", "*.egg-info")


@dataclass
class Settings:
    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    severity: dict[str, str] = field(default_factory=dict)
    include: list[str] = field(default_factory=lambda: list(DEFAULT_INCLUDE))
    exclude: list[str] = field(default_factory=list)
    cross_file: bool = False
    respect_gitignore: bool = True  # directory walks skip what git ignores
    encoding: str | None = None
    allow: list[str] = field(default_factory=list)  # [words] allow: never reported by word rules
    rule_options: dict[str, dict[str, t.Any]] = field(default_factory=dict)  # rule name -> options
    path: str | None = None  # the file these settings came from
    root: str = "."  # directory that relative globs are resolved against

    def is_excluded(self, path: str) -> bool:
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(self.root))
        parts = rel.replace(os.sep, "/").split("/")
        for pat in [*DEFAULT_EXCLUDE, *self.exclude]:
            if fnmatch.fnmatch(rel.replace(os.sep, "/"), pat) or any(fnmatch.fnmatch(p, pat) for p in parts):
                return True
        return False

    def is_included(self, path: str) -> bool:
        name = os.path.basename(path)
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(self.root)).replace(os.sep, "/")
        return any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(rel, p) for p in self.include)

    def ignored_for(self, path: str) -> list[str]:
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(self.root)).replace(os.sep, "/")
        out: list[str] = []
        for pat, sels in self.per_file_ignores.items():
            if fnmatch.fnmatch(rel, pat) or fnmatch.fnmatch(os.path.basename(path), pat):
                out.extend(sels)
        return out


_KEYS = {
    "select": "list", "ignore": "list", "extend-select": "list", "per-file-ignores": "table",
    "severity": "table", "include": "list", "exclude": "list", "cross-file": "bool",
    "encoding": "str", "words": "table", "rules": "table", "respect-gitignore": "bool",
}
_WORD_KEYS = ("allow",)


def _suggest(key: str, choices: t.Iterable[str]) -> str:
    import difflib  # error path only: kept out of start-up

    close = difflib.get_close_matches(key, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _load_toml(path: str) -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except OSError as e:
        raise ConfigError(f"{path}: cannot read config: {e.strerror or e}") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: invalid TOML: {e}") from None


def find_config(start: str) -> str | None:
    """The nearest config file at or above ``start``."""
    d = os.path.abspath(start)
    if not os.path.isdir(d):
        d = os.path.dirname(d)
    while True:
        for name in CONFIG_NAMES:
            p = os.path.join(d, name)
            if os.path.isfile(p):
                if name != "pyproject.toml":
                    return p
                if "jiaodui" in _load_toml(p).get("tool", {}):
                    return p
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def _check_type(path: str, key: str, value: t.Any, kind: str) -> None:
    ok = {"list": lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
          "table": lambda v: isinstance(v, dict), "bool": lambda v: isinstance(v, bool),
          "str": lambda v: isinstance(v, str)}[kind]
    if not ok(value):
        want = {"list": "a list of strings", "table": "a table", "bool": "true or false", "str": "a string"}[kind]
        raise ConfigError(f"{path}: '{key}' must be {want}")


def load_settings(config_path: str | None, registry) -> Settings:
    """Read and validate a config file (None: defaults)."""
    if config_path is None:
        return Settings(root=os.getcwd())
    data = _load_toml(config_path)
    if os.path.basename(config_path) == "pyproject.toml":
        data = data.get("tool", {}).get("jiaodui", {})
    return settings_from_dict(data, registry, config_path)


def settings_from_dict(data: dict, registry, path: str = "<config>") -> Settings:
    s = Settings(path=path, root=os.path.dirname(os.path.abspath(path)) if path != "<config>" else os.getcwd())
    for key, value in data.items():
        if key not in _KEYS:
            raise ConfigError(f"{path}: unknown key '{key}'{_suggest(key, _KEYS)}")
        _check_type(path, key, value, _KEYS[key])
    s.select = list(data.get("select", s.select))
    s.ignore = list(data.get("ignore", []))
    s.extend_select = list(data.get("extend-select", []))
    s.include = list(data.get("include", s.include))
    s.exclude = list(data.get("exclude", []))
    s.cross_file = bool(data.get("cross-file", False))
    s.respect_gitignore = bool(data.get("respect-gitignore", True))
    s.encoding = data.get("encoding")
    for sel in [*s.select, *s.ignore, *s.extend_select]:
        _selector(registry, path, sel)
    for pat, sels in data.get("per-file-ignores", {}).items():
        _check_type(path, f"per-file-ignores.{pat}", sels, "list")
        for sel in sels:
            _selector(registry, path, sel)
        s.per_file_ignores[pat] = list(sels)
    for sel, sev in data.get("severity", {}).items():
        _selector(registry, path, sel)
        if sev not in ("error", "warning", "info"):
            raise ConfigError(f"{path}: severity.{sel} must be error, warning or info, not {sev!r}")
        s.severity[sel] = sev
    words = data.get("words", {})
    for key, value in words.items():
        if key not in _WORD_KEYS:
            raise ConfigError(f"{path}: unknown key 'words.{key}'{_suggest(key, _WORD_KEYS)}")
        _check_type(path, f"words.{key}", value, "list")
    s.allow = list(words.get("allow", []))
    for name, opts in data.get("rules", {}).items():
        rule = registry.get(name)
        if rule is None:
            raise ConfigError(f"{path}: unknown rule 'rules.{name}'{_suggest(name, [r.name for r in registry])}")
        if not isinstance(opts, dict):
            raise ConfigError(f"{path}: 'rules.{name}' must be a table")
        for k, v in opts.items():
            if k not in rule.options:
                raise ConfigError(f"{path}: unknown option 'rules.{name}.{k}'{_suggest(k, rule.options)}"
                                  + ("" if rule.options else f" (rule {name} has no options)"))
            default = rule.options[k]
            if default is not None and not _same_type(default, v):
                raise ConfigError(f"{path}: 'rules.{name}.{k}' must be {type(default).__name__}, got {v!r}")
        s.rule_options[rule.name] = dict(opts)
    return s


def _same_type(default: t.Any, value: t.Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float))
    if isinstance(default, (list, tuple)):
        return isinstance(value, list)
    return isinstance(value, type(default))


def _selector(registry, path: str, sel: str) -> None:
    try:
        registry.matching(sel)
    except ConfigError as e:
        raise ConfigError(f"{path}: {e}") from None


def severity_for(settings: Settings, rule, registry) -> Severity:
    """The configured severity of ``rule`` (most specific selector wins: code/name > prefix > category/ALL)."""
    best: tuple[int, str] | None = None
    for sel, sev in settings.severity.items():
        if rule in registry.matching(sel):
            spec = 3 if sel in (rule.code, rule.name) else 2 if sel.upper().startswith("ZH") else 1
            if best is None or spec > best[0]:
                best = (spec, sev)
    return Severity(best[1]) if best else rule.severity
