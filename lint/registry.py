"""The immutable rule registry and rule selection (code, code prefix, name, category, ALL)."""
from __future__ import annotations

import typing as t

from lint.errors import ConfigError
from lint.model import Rule


class Registry:
    def __init__(self, rules: t.Iterable[Rule]) -> None:
        ordered = tuple(sorted(rules, key=lambda r: r.code))
        by_code: dict[str, Rule] = {}
        by_name: dict[str, Rule] = {}
        for r in ordered:
            if r.code in by_code or r.name in by_name:
                raise ValueError(f"duplicate rule {r.code} {r.name}")
            by_code[r.code] = r
            by_name[r.name] = r
        self.rules = ordered
        self._by_code = by_code
        self._by_name = by_name
        self.categories = tuple(dict.fromkeys(r.category for r in ordered))

    def __iter__(self) -> t.Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, key: str) -> Rule | None:
        return self._by_code.get(key.upper()) or self._by_name.get(key)

    def matching(self, selector: str) -> tuple[Rule, ...]:
        """Rules a selector names; raises ConfigError with a suggestion when it names none."""
        sel = selector.strip()
        if sel.upper() == "ALL":
            return self.rules
        if sel in self._by_name:
            return (self._by_name[sel],)
        if sel in self.categories:
            return tuple(r for r in self.rules if r.category == sel)
        up = sel.upper()
        found = tuple(r for r in self.rules if r.code.startswith(up)) if up.startswith("ZH") else ()
        if found:
            return found
        choices = [*self._by_name, *self._by_code, *self.categories, "ALL"]
        import difflib  # error path only: kept out of start-up

        close = difflib.get_close_matches(sel, choices, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise ConfigError(f"unknown rule or selector '{selector}'{hint}")

    def select(self, select: t.Sequence[str] = ("ALL",), ignore: t.Sequence[str] = (),
               extend_select: t.Sequence[str] = ()) -> tuple[Rule, ...]:
        chosen: dict[str, Rule] = {}
        for s in [*select, *extend_select]:
            for r in self.matching(s):
                chosen[r.code] = r
        for s in ignore:
            for r in self.matching(s):
                chosen.pop(r.code, None)
        return tuple(r for r in self.rules if r.code in chosen)


_DEFAULT: Registry | None = None


def default_registry() -> Registry:
    global _DEFAULT
    if _DEFAULT is None:
        from rules import builtin_rules

        _DEFAULT = Registry(builtin_rules())
    return _DEFAULT
