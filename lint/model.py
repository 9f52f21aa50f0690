"""The linter's vocabulary: rules, findings, fixes.

Positions are always absolute code-point offsets into ``Document.text`` (half-open
``[start, end)``).  Lines and columns exist only in reporters, via ``Document.lines``.
"""
from __future__ import annotations

import enum
import re
import typing as t
from dataclasses import dataclass, field

if t.TYPE_CHECKING:
    from lint.document import Document


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


class Applicability(str, enum.Enum):
    """How much a fix can be trusted (ruff's model): safe fixes are applied by ``--fix``,
    unsafe ones only with ``--unsafe-fixes``."""

    SAFE = "safe"
    UNSAFE = "unsafe"


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement``."""

    start: int
    end: int
    replacement: str = ""


@dataclass(frozen=True, slots=True)
class Fix:
    edits: tuple[Edit, ...]
    applicability: Applicability

    @classmethod
    def safe(cls, *edits: Edit) -> "Fix":
        return cls(tuple(sorted(edits, key=lambda e: (e.start, e.end))), Applicability.SAFE)

    @classmethod
    def unsafe(cls, *edits: Edit) -> "Fix":
        return cls(tuple(sorted(edits, key=lambda e: (e.start, e.end))), Applicability.UNSAFE)

    @property
    def start(self) -> int:
        return min(e.start for e in self.edits)

    @property
    def end(self) -> int:
        return max(e.end for e in self.edits)


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule reports: a range, a message in Chinese, and optionally a fix.

    Rules create findings without ``rule``; the engine stamps the rule on them.
    """

    start: int
    end: int
    message: str
    fix: Fix | None = None
    severity: Severity | None = None  # None: the rule's (possibly configured) severity
    rule: "Rule | None" = None
    # Other lines that belong to this finding (e.g. the earlier copy of a duplicate),
    # as absolute offsets; CI-on-edits filtering looks at them too.
    related: tuple[int, ...] = ()


class RuleContext(t.Protocol):
    """What a rule may ask of the engine besides the document (see lint.engine.Context)."""

    options: t.Mapping[str, t.Any]

    def allowed_words(self) -> frozenset[str]: ...


CheckFn = t.Callable[["Document", RuleContext], t.Iterable[Finding]]
ProjectCheckFn = t.Callable[[t.Sequence["Document"], RuleContext], t.Iterable[tuple["Document", Finding]]]

_CODE = re.compile(r"^ZH\d{3}$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule's identity and metadata; its docstring (``docs``) is its documentation."""

    code: str
    name: str
    category: str
    severity: Severity
    fixable: str  # "never" | "sometimes" | "always"
    check: CheckFn
    docs: str
    options: t.Mapping[str, t.Any] = field(default_factory=dict)
    # Cross-file check, run once over all checked documents (e.g. duplicate paragraphs across files).
    check_project: ProjectCheckFn | None = None

    @property
    def summary(self) -> str:
        return self.docs.strip().splitlines()[0].strip() if self.docs.strip() else ""

    def section(self, heading: str) -> str:
        """The text under ``## heading`` in the docs ('' when absent)."""
        m = re.search(rf"^##\s*{re.escape(heading)}\s*\n(.*?)(?=^##\s|\Z)", self.docs, re.M | re.S)
        return m.group(1).strip("\n") if m else ""


def rule(
    *,
    code: str,
    name: str,
    category: str,
    severity: Severity | str = Severity.WARNING,
    fixable: str = "never",
    options: t.Mapping[str, t.Any] | None = None,
) -> t.Callable[[CheckFn], Rule]:
    """Declare a rule from its check function; the function's docstring becomes its docs."""
    if not _CODE.match(code):
        raise ValueError(f"bad rule code {code!r}")
    if not _NAME.match(name):
        raise ValueError(f"bad rule name {name!r}")
    if fixable not in ("never", "sometimes", "always"):
        raise ValueError(f"bad fixable {fixable!r}")

    def wrap(fn: CheckFn) -> Rule:
        import inspect

        return Rule(
            code=code,
            name=name,
            category=category,
            severity=Severity(severity),
            fixable=fixable,
            check=fn,
            docs=inspect.cleandoc(fn.__doc__ or ""),
            options=dict(options or {}),
        )

    return wrap
