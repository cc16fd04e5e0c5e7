"""Every setting in one table: name, default, help. Read from OVERCLAIM_* environment variables."""
from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Callable, Mapping

PROJECT_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    parse: Callable[[str], Any]
    help: str

    @property
    def env(self) -> str:
        return f"OVERCLAIM_{self.name.upper()}"


SETTINGS: tuple[Setting, ...] = (
    Setting("model_dir", str(PROJECT_ROOT / "models"), str, "Directory the model is loaded from; models load from nowhere else."),
    Setting("model_name", "overclaim", str, "Model file stem in the model directory (<name>.joblib, <name>.card.json)."),
    Setting("max_body_bytes", 1_000_000, int, "Largest request body accepted, in bytes; larger answers 413 body_too_large."),
    Setting("max_text_chars", 200_000, int, "Longest `text` accepted, in characters; longer answers 413 text_too_long."),
    Setting("max_json_depth", 32, int, "Deepest JSON nesting accepted in a request body; deeper answers 400."),
    Setting("scoring_threads", 4, int, "Threads that run scoring off the event loop."),
    Setting("log_level", "info", str, "Log level of the service (debug, info, warning, error)."),
    Setting("max_batch_documents", 1_000, int, "Most documents in one POST /v1/score/batch; more answers 413 too_many_documents."),
    Setting("max_batch_bytes", 10_000_000, int, "Largest POST /v1/score/batch body, in bytes; larger answers 413 body_too_large."),
    Setting("batch_slice_chars", 20_000, int, "Characters of a batch scored per trip to the scoring threads; other requests get in between trips."),
)


@dataclass(frozen=True)
class Settings:
    model_dir: str
    model_name: str
    max_body_bytes: int
    max_text_chars: int
    max_json_depth: int
    scoring_threads: int
    log_level: str
    max_batch_documents: int
    max_batch_bytes: int
    batch_slice_chars: int

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> "Settings":
        """Defaults, then OVERCLAIM_* variables, then explicit overrides; a bad value raises ValueError."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for setting in SETTINGS:
            raw = env.get(setting.env)
            try:
                values[setting.name] = setting.default if raw is None else setting.parse(raw)
            except ValueError as exc:
                raise ValueError(f"{setting.env}={raw!r}: {exc}") from exc
        return cls(**{**values, **overrides})


def describe() -> str:
    """The settings table as text, for `overclaim serve --help` and README."""
    width = max(len(s.env) for s in SETTINGS)
    return "\n".join(f"  {s.env:<{width}}  {s.help} (default: {s.default})" for s in SETTINGS)


assert {f.name for f in fields(Settings)} == {s.name for s in SETTINGS}, "Settings and SETTINGS disagree"
