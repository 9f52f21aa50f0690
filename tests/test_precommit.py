"""A real pre-commit run of the hooks in .pre-commit-hooks.yaml.

The hook repository is a committed snapshot of this checkout (its package sources and the hook
manifest), so the test exercises the working copy whatever its git state.  pre-commit builds
the hooks' Python environment with pip from the configured package index; the environment is
built once per test session (shared PRE_COMMIT_HOME).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pre_commit")
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

ROOT = Path(__file__).resolve().parent.parent
BAD = "（上接第三版）会议强调，要坚持稳中求进。\n"
GOOD = "会议强调，要坚持稳中求进。\n"
# Messages pip prints when it cannot reach any package index: only then is skipping honest.
OFFLINE = ("No matching distribution found", "Failed to establish a new connection",
           "Network is unreachable", "Temporary failure in name resolution", "Could not fetch URL")


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.com", GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull,
               PRE_COMMIT_HOME=str(home), PRE_COMMIT_COLOR="never", NO_COLOR="1")
    return env


def _run(cmd, cwd, env, check=True) -> subprocess.CompletedProcess:
    p = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    if check:
        assert p.returncode == 0, f"{cmd}: {p.stdout}\n{p.stderr}"
    return p


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory):
    """(repository path, commit, environment) of a committed snapshot of this checkout."""
    base = tmp_path_factory.mktemp("precommit")
    env = _env(base / "pre-commit-home")
    repo = base / "jiaodui"
    # Everything a package build may need; not the history, test data or caches.
    skip = shutil.ignore_patterns(".git", "fixtures", "tests", "bench", "build", "dist", "*.egg-info",
                                  "__pycache__", "*.pyc", ".pytest_cache", ".hypothesis", ".venv", "node_modules")
    shutil.copytree(ROOT, repo, ignore=skip)
    _run(["git", "init", "-q", "-b", "main"], repo, env)
    _run(["git", "add", "-A"], repo, env)
    _run(["git", "commit", "-q", "-m", "snapshot"], repo, env)
    rev = _run(["git", "rev-parse", "HEAD"], repo, env).stdout.strip()
    return repo, rev, env


def _project(path: Path, hook_repo, hooks: str, env) -> Path:
    repo, rev, _ = hook_repo
    path.mkdir()
    _run(["git", "init", "-q", "-b", "main"], path, env)
    (path / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo.as_uri()}\n    rev: {rev}\n    hooks:\n{hooks}", encoding="utf-8")
    return path


def _precommit(project: Path, env, *args) -> subprocess.CompletedProcess:
    p = _run([sys.executable, "-m", "pre_commit", *args], project, env, check=False)
    out = p.stdout + p.stderr
    if p.returncode not in (0, 1) or "An unexpected error has occurred" in out:
        log = Path(env["PRE_COMMIT_HOME"]) / "pre-commit.log"
        detail = out + (log.read_text(encoding="utf-8", errors="replace") if log.exists() else "")
        if any(m in detail for m in OFFLINE):
            pytest.skip("pre-commit could not install the hook environment: no package index reachable")
        pytest.fail(f"pre-commit crashed:\n{detail}")
    return p


def _stage(project: Path, env, **files: str) -> None:
    for name, text in files.items():
        p = project / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    _run(["git", "add", "-A"], project, env)


CHECK = "      - id: jiaodui\n        args: [--select, ZH301]\n"
FIX = "      - id: jiaodui-fix\n        args: [--select, ZH301]\n"


def test_check_hook_fails_on_a_staged_defect_and_prints_it(tmp_path, hook_repo):
    env = hook_repo[2]
    project = _project(tmp_path / "p", hook_repo, CHECK, env)
    _stage(project, env, **{"bad.txt": BAD, "good.md": GOOD, "notes.py": "# （上接第三版）\n"})
    p = _precommit(project, env, "run")
    assert p.returncode == 1, p.stdout
    assert "jiaodui (校对)" in p.stdout and "Failed" in p.stdout
    assert "bad.txt:1:1: ZH301 [page-marker] error: 转版标记“（上接第三版）”不属于正文，应删除" in p.stdout
    assert "good.md" not in p.stdout and "notes.py" not in p.stdout  # only Markdown and plain text
    assert (project / "bad.txt").read_text(encoding="utf-8") == BAD  # the check hook never writes


def test_check_hook_passes_clean_files_and_honours_exclude(tmp_path, hook_repo):
    env = hook_repo[2]
    project = _project(tmp_path / "p", hook_repo, CHECK, env)
    _stage(project, env, **{"good.md": GOOD, "docs/b.txt": GOOD, "fixtures/bad.txt": BAD,
                            "jiaodui.toml": 'exclude = ["fixtures/**"]\n'})
    p = _precommit(project, env, "run")
    assert p.returncode == 0, p.stdout
    assert "Passed" in p.stdout


def test_fix_hook_rewrites_and_returns_1(tmp_path, hook_repo):
    env = hook_repo[2]
    project = _project(tmp_path / "p", hook_repo, FIX, env)
    _stage(project, env, **{"a.md": f"# 标题\n\n{BAD}", "ok.txt": GOOD})
    p = _precommit(project, env, "run")
    assert p.returncode == 1, p.stdout
    assert "exit code: 1" in p.stdout  # the hook itself failed, not only pre-commit's change detection
    assert "files were modified by this hook" in p.stdout
    assert (project / "a.md").read_text(encoding="utf-8") == f"# 标题\n\n{GOOD}"
    assert (project / "ok.txt").read_text(encoding="utf-8") == GOOD
    # Once the fix is staged, the hook passes.
    _run(["git", "add", "-A"], project, env)
    p = _precommit(project, env, "run")
    assert p.returncode == 0, p.stdout


def test_try_repo(tmp_path, hook_repo):
    """`pre-commit try-repo`, as the README suggests for trying the hooks."""
    repo, rev, env = hook_repo
    project = tmp_path / "p"
    project.mkdir()
    _run(["git", "init", "-q", "-b", "main"], project, env)
    _stage(project, env, **{"bad.md": BAD, "good.txt": GOOD})
    p = _precommit(project, env, "try-repo", str(repo), "jiaodui", "--ref", rev, "--files", "bad.md", "good.txt")
    assert p.returncode == 1, p.stdout
    assert "bad.md:1:1: ZH301" in p.stdout
    assert "good.txt" not in p.stdout


def test_manifest_and_own_config_are_valid(tmp_path):
    env = _env(tmp_path)
    for cmd, name in (("validate-manifest", ".pre-commit-hooks.yaml"), ("validate-config", ".pre-commit-config.yaml")):
        p = _run([sys.executable, "-m", "pre_commit", cmd, str(ROOT / name)], ROOT, env, check=False)
        assert p.returncode == 0, p.stdout + p.stderr


def test_own_docs_pass_own_hook():
    """What this repository's own hook does: the entry of .pre-commit-config.yaml on the files
    its `files` pattern selects (README.md, docs/*.md) must find nothing."""
    import re
    import shlex

    import yaml
    from click.testing import CliRunner

    from lint.cli import cli

    hook = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"][0]["hooks"][0]
    argv = shlex.split(hook["entry"])
    assert argv[:2] == ["jiaodui", "check"]
    files = sorted(str(p.relative_to(ROOT)) for p in [ROOT / "README.md", *ROOT.glob("docs/*.md")]
                   if re.search(hook["files"], str(p.relative_to(ROOT))))
    assert "README.md" in files and "docs/ci.md" in files
    old = os.getcwd()
    os.chdir(ROOT)
    try:
        r = CliRunner().invoke(cli, [*argv[1:], *files])
    finally:
        os.chdir(old)
    assert r.exit_code == 0, r.output
