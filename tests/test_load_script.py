"""`make load` refuses to send traffic anywhere but loopback."""
from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

import pytest

from server.settings import PROJECT_ROOT


@pytest.fixture()
def load_script(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(PROJECT_ROOT / "scripts"))
    spec = importlib.util.spec_from_file_location("load_script", PROJECT_ROOT / "scripts" / "load.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "load_script", module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("url", ["http://10.0.0.1:8000", "http://example.org", "http://0x7f.1:80", "http://[::ffff:10.0.0.1]:80", "http://2130706433/"])
def test_non_loopback_urls_are_refused(load_script: ModuleType, url: str) -> None:
    with pytest.raises(SystemExit, match="refusing"):
        load_script.loopback_url(url)
