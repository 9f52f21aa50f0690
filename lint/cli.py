"""Command line: ``jiaodui check`` and ``jiaodui rules``.

Exit codes: 0 clean, 1 findings, 2 usage, configuration or input error.
"""
from __future__ import annotations

import enum
import os
import sys
import typing as t

import click

from lint import __version__


class ExitStatus(enum.IntEnum):
    CLEAN = 0
    FINDINGS = 1
    ERROR = 2


def _split(values: t.Iterable[str]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _err(message: str) -> None:
    click.echo(f"jiaodui: {message}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="jiaodui")
def cli() -> None:
    """jiaodui（校对）：中文文本校对检查工具 / a proofreading linter for Chinese text."""


def _format_choices() -> list[str]:
    from lint.formats import FORMATS

    return sorted(FORMATS)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", default="text", show_default=True,
              type=click.Choice(_format_choices()), help="Report format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write the report to FILE instead of standard output (exit code unchanged).")
@click.option("--select", multiple=True, help="Rules to check: code, code prefix, name, category or ALL (comma-separated).")
@click.option("--ignore", multiple=True, help="Rules not to check (same selectors as --select).")
@click.option("--extend-select", multiple=True, help="Rules to check in addition to the configured selection.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False),
              help="Configuration file (jiaodui.toml or pyproject.toml); default: discovered upward.")
@click.option("--fix", is_flag=True, help="Apply safe fixes to the files.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff, apply unsafe fixes too.")
@click.option("--diff", is_flag=True, help="Print the unified diff that --fix would apply; change nothing.")
@click.option("--stdin-filename", help="Path to report (and choose the reader by) when reading '-'.")
@click.option("--encoding", help="Read files in this encoding instead of detecting it (e.g. gb18030).")
@click.option("--cross-file/--no-cross-file", default=None,
              help="Also find paragraphs duplicated across the checked files.")
@click.option("-q", "--quiet", is_flag=True, help="Only the finding lines: no source excerpt, no summary.")
@click.option("--color/--no-color", default=None, help="Colour the text report (default: only on a terminal).")
@click.option("--diff-base", metavar="REV",
              help="Only report findings on lines added or changed since REV (git; merge base with HEAD).")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False), metavar="FILE",
              help="Only report findings not recorded in FILE (see --write-baseline).")
@click.option("--write-baseline", "write_baseline_file", type=click.Path(dir_okay=False), metavar="FILE",
              help="Record the current findings in FILE and exit 0.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=1, show_default=True,
              help="Check files in N processes (0: one per CPU); output is identical to -j 1.")
@click.option("--exit-non-zero-on-fix", is_flag=True,
              help="With --fix: exit 1 when a file was changed, even if nothing is left to report.")
@click.option("--force-exclude", is_flag=True,
              help="Apply 'exclude' to files named on the command line too (for pre-commit).")
@click.option("--annotate", "annotate_out", type=click.Path(dir_okay=False), metavar="OUT.docx",
              help="Write a copy of the checked .docx with a Word comment (批注) at each finding.")
def check(paths: tuple[str, ...], fmt: str, output: str | None, select: tuple[str, ...], ignore: tuple[str, ...],
          extend_select: tuple[str, ...], config_file: str | None, fix: bool, unsafe_fixes: bool, diff: bool,
          stdin_filename: str | None, encoding: str | None, cross_file: bool | None, quiet: bool,
          color: bool | None, diff_base: str | None = None, baseline_file: str | None = None,
          write_baseline_file: str | None = None, jobs: int = 1, exit_non_zero_on_fix: bool = False,
          force_exclude: bool = False, annotate_out: str | None = None) -> None:
    """Check PATHS (files or directories; '-' reads standard input)."""
    from lint.config import find_config, load_settings
    from lint.engine import Linter
    from lint.errors import ConfigError, InputError
    from lint.registry import default_registry
    from lint.runner import RunOptions, check_one, collect, release, unified_diff

    if not paths:
        raise click.UsageError("no PATH given (use '-' for standard input)")
    registry = default_registry()
    try:
        first = next((p for p in paths if p != "-"), stdin_filename or ".")
        config_path = config_file or find_config(first if os.path.exists(first) else ".")
        if config_file and not os.path.isfile(config_file):
            raise ConfigError(f"{config_file}: 配置文件不存在 config file not found")
        settings = load_settings(config_path, registry)
        if select:
            settings.select = _split(select)
        settings.ignore += _split(ignore)
        settings.extend_select += _split(extend_select)
        if cross_file is not None:
            settings.cross_file = cross_file
        if encoding:
            settings.encoding = encoding
        linter = Linter(registry, settings)
    except ConfigError as e:
        _err(str(e))
        sys.exit(ExitStatus.ERROR)

    files, errors = collect(paths, settings)
    if force_exclude:
        files = [f for f in files if f == "-" or not settings.is_excluded(f)]
    line_filter = _diff_base_filter(diff_base, files, fix, diff)
    opts = RunOptions(fix=fix, unsafe_fixes=unsafe_fixes, diff=diff, encoding=settings.encoding,
                      release=not (settings.cross_file or annotate_out), keep_text=fmt == "html")
    results = []
    diffs: list[str] = []
    stdin_fixed: str | None = None
    from lint.progress import Progress

    progress = Progress(len(files))
    pre = _check_parallel(linter, files, opts, jobs)
    for path in files:
        if path == "-":
            name = stdin_filename or "<stdin>"
            result = check_one(linter, name, _docx_opts(name, opts), data=sys.stdin.buffer.read())
            if fix and result.error is None:
                stdin_fixed = result.fixed_text if result.fixed_text is not None else result.document.text
        else:
            result = pre.pop(path, None) or check_one(linter, path, _docx_opts(path, opts))
        if result.error:
            errors.append(result.error)
        for note in result.notes:
            progress.clear()
            click.echo(f"jiaodui: {note}", err=True)
        if result.fixed_text is not None and result.original is not None:
            if diff:
                diffs.append(unified_diff(result.path, result.original.text, result.fixed_text))
            elif fix and path != "-":
                from lint.fixer import write_atomic

                try:
                    write_atomic(path, result.fixed_text, result.original.source)
                except InputError as e:
                    errors.append(str(e))
        if opts.release and path != "-":
            release(result, opts.keep_text)
        results.append(result)
        progress.advance(path)
    progress.clear()

    if settings.cross_file:
        docs = [r.document for r in results if r.document is not None]
        extra = linter.lint_project(docs)
        for r in results:
            if r.document is not None and r.document.path in extra:
                r.findings = linter.finish(r.document, r.findings + extra[r.document.path])

    _ci_filters(results, line_filter, baseline_file, write_baseline_file, errors, quiet)

    if annotate_out:
        _annotate(results, annotate_out, errors, quiet)

    for e in errors:
        _err(e)

    if diff:
        text = "".join(diffs)
        _emit(lambda out: out.write(text), output)
        sys.exit(ExitStatus.ERROR if errors else ExitStatus.FINDINGS if text else ExitStatus.CLEAN)
    if stdin_fixed is not None:
        sys.stdout.write(stdin_fixed)
        sys.stdout.flush()
    else:
        from lint.formats import renderer

        use_color = color if color is not None else (output is None and sys.stdout.isatty()
                                                      and "NO_COLOR" not in os.environ)
        render = renderer(fmt)
        _emit(lambda out: render(results, registry, out, color=use_color and out is sys.stdout, quiet=quiet),
              output)
    if fix:
        n = sum(r.fixed for r in results)
        if n and not quiet:
            click.echo(f"jiaodui: 已修复 {n} 处 fixed {n} finding(s)", err=True)
    if errors:
        sys.exit(ExitStatus.ERROR)
    if fix and exit_non_zero_on_fix and any(r.fixed for r in results):
        sys.exit(ExitStatus.FINDINGS)
    sys.exit(ExitStatus.FINDINGS if any(r.findings for r in results) else ExitStatus.CLEAN)


def _diff_base_filter(rev: str | None, files: list[str], fix: bool, diff: bool):
    """--diff-base: the changed lines per file (exit 2 with a hint when REV is missing)."""
    if not rev:
        return None
    if fix or diff:
        raise click.UsageError("--diff-base cannot be combined with --fix/--diff "
                               "(fixes would change lines outside the edits)")
    if "-" in files:
        raise click.UsageError("--diff-base cannot check standard input ('-')")
    from lint.gitdiff import DiffBaseError, LineFilter, changed_lines

    try:
        top, changed, tracked = changed_lines(rev, os.path.dirname(os.path.abspath(files[0])) if files else ".")
    except DiffBaseError as e:
        _err(str(e))
        sys.exit(ExitStatus.ERROR)
    return LineFilter(top, changed, tracked)


def _check_parallel(linter, files: list[str], opts, jobs: int):
    """-j N: the plain files are checked in worker processes; ``.pop(path, None)`` returns a
    file's result (None for files left to the main loop: standard input, .docx, or all of them
    in a serial run).  Results arrive in file order, while the loop consumes them."""
    plain = [f for f in files if f != "-" and not f.lower().endswith(".docx")]
    if jobs == 1 or len(plain) < 2:
        return {}
    from lint.parallel import iter_check_files

    class Results:
        def __init__(self) -> None:
            self.wanted = set(plain)
            self.stream = zip(plain, iter_check_files(linter, plain, opts, jobs))

        def pop(self, path: str, default=None):
            if path not in self.wanted:
                return default
            self.wanted.discard(path)
            for done, result in self.stream:
                if done == path:
                    return result
            return default

    return Results()


def _ci_filters(results, line_filter, baseline_file: str | None, write_baseline_file: str | None,
                errors: list[str], quiet: bool) -> None:
    """--diff-base, then --write-baseline (records and exits), then --baseline."""
    if line_filter is not None:
        for r in results:
            if r.document is not None and r.findings:
                lines = line_filter.lines_for(r.path)
                r.findings = [f for f in r.findings if line_filter.keep(r.document, f, lines)]
    if not (baseline_file or write_baseline_file):
        return
    from lint import baseline

    try:
        if write_baseline_file:
            n = baseline.write(write_baseline_file, results)
            for e in errors:
                _err(e)
            if not quiet:
                _err(f"已将 {n} 个问题记入基线 recorded {n} finding(s) in {write_baseline_file}")
            sys.exit(ExitStatus.ERROR if errors else ExitStatus.CLEAN)
        baseline.filter_new(baseline_file, results)
    except baseline.BaselineError as e:
        _err(str(e))
        sys.exit(ExitStatus.ERROR)


def _docx_opts(path: str, opts):
    """Fixes are text edits and cannot be written into a Word file: check .docx without them."""
    if not path.lower().endswith(".docx") or not (opts.fix or opts.diff):
        return opts
    from lint.runner import RunOptions

    _err(f"{path}: .docx 不能自动修复，可用 --annotate OUT.docx 生成带批注的副本 "
         "(fixes are not applied to .docx; use --annotate)")
    return RunOptions(encoding=opts.encoding, release=opts.release, keep_text=opts.keep_text)


def _annotate(results, out: str, errors: list[str], quiet: bool) -> None:
    """--annotate: comment the one checked .docx into ``out``."""
    from lint.errors import InputError

    docx = [r for r in results if r.document is not None and r.document.format == "docx"]
    if len(docx) != 1 or docx[0].path == "-" or not os.path.isfile(docx[0].path):
        errors.append(f"--annotate 需要恰好一个 .docx 文件 needs exactly one .docx file to check "
                      f"(got {len(docx)})")
        return
    from lint.annotate import annotate

    r = docx[0]
    try:
        n = annotate(r.path, out, r.document, r.findings)
    except InputError as e:
        errors.append(str(e))
        return
    if not quiet:
        click.echo(f"jiaodui: 已写入 {n} 条批注：{out} (wrote {n} comment(s))", err=True)


def _emit(write: t.Callable[[t.TextIO], None], output: str | None) -> None:
    """Run ``write`` on standard output, or on the --output file (exit 2 when it can't be written)."""
    if not output:
        write(sys.stdout)
        return
    try:
        with open(output, "w", encoding="utf-8", newline="\n") as fh:
            write(fh)
    except OSError as e:
        _err(f"{output}: 无法写入报告 cannot write report: {e.strerror or e}")
        sys.exit(ExitStatus.ERROR)


@cli.command("rules")
@click.argument("name", required=False)
@click.option("--format", "fmt", default="text", show_default=True, type=click.Choice(["text", "markdown", "json"]))
def rules_cmd(name: str | None, fmt: str) -> None:
    """List the rules, or print the documentation of rule NAME (code or name)."""
    from lint.docs import rule_doc_markdown, rules_json, rules_markdown, rules_table
    from lint.registry import default_registry

    registry = default_registry()
    if name:
        rule = registry.get(name)
        if rule is None:
            import difflib

            close = difflib.get_close_matches(name, [r.name for r in registry] + [r.code for r in registry], n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            _err(f"unknown rule '{name}'{hint}")
            sys.exit(ExitStatus.ERROR)
        click.echo(rules_json([rule]) if fmt == "json" else rule_doc_markdown(rule))
        return
    if fmt == "markdown":
        click.echo(rules_markdown(registry), nl=False)
    elif fmt == "json":
        click.echo(rules_json(registry))
    else:
        click.echo(rules_table(registry))


def main() -> None:
    # File names that are not valid UTF-8 reach us as lone surrogates; never crash printing them.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError):
            pass
    try:
        cli(prog_name="jiaodui")
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
