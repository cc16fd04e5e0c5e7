"""The extension's pure modules, under Node's own test runner (part of `make test`)."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from server.settings import PROJECT_ROOT

UNIT_TESTS = sorted((PROJECT_ROOT / "extension" / "tests" / "unit").glob("*.test.mjs"))


def test_node_unit_tests_pass() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: `make test` installs Debian's nodejs when it is absent")
    assert len(UNIT_TESTS) >= 5
    run = subprocess.run([node, "--test", *map(str, UNIT_TESTS)], cwd=PROJECT_ROOT / "extension", capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "# fail 0" in run.stdout and "# pass " in run.stdout
