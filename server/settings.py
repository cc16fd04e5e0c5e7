"""Every setting in one table: name, default, help. Read from OVERCLAIM_* environment variables."""
from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Callable, Mapping

from server.fetch.addresses import IPNetwork, parse_allowlist
from server.client_ip import parse_networks

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def _networks(raw: str) -> str:
    """A comma-separated list of addresses/CIDRs, checked now so a typo fails at startup."""
    parse_networks(raw)
    return raw


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
    Setting("model_dir", str(PROJECT_ROOT / "models"), str, "The model registry: one folder per version and ACTIVE naming the one served; models load from nowhere else."),
    Setting("model_name", "overclaim", str, "Model file stem in each version folder (<name>.joblib, <name>.card.json)."),
    Setting("model_poll_seconds", 1.0, float, "How often each worker re-reads ACTIVE to follow a model activated elsewhere; 0 turns it off."),
    Setting("max_body_bytes", 1_000_000, int, "Largest request body accepted, in bytes; larger answers 413 body_too_large."),
    Setting("max_text_chars", 200_000, int, "Longest `text` accepted, in characters; longer answers 413 text_too_long."),
    Setting("max_json_depth", 32, int, "Deepest JSON nesting accepted in a request body; deeper answers 400."),
    Setting("scoring_threads", 4, int, "Threads that run scoring off the event loop."),
    Setting("scoring_processes", 0, int, "Worker processes that score (each loads the model); 0 scores in threads instead. `overclaim serve` sets it to the cores divided among its workers when unset."),
    Setting("log_level", "info", str, "Log level of the service (debug, info, warning, error)."),
    Setting("max_url_chars", 2048, int, "Longest `url` accepted, in characters; longer answers 422 url_too_long."),
    Setting("fetch_max_bytes", 2_000_000, int, "Largest fetched page, in bytes after decompression; larger answers 413 page_too_large."),
    Setting("fetch_timeout_seconds", 10.0, float, "Deadline for fetching a URL, redirects included; later answers 504 fetch_timeout."),
    Setting("fetch_max_redirects", 3, int, "Most redirects followed when fetching a URL; more answers 422 too_many_redirects."),
    Setting("fetch_allowlist", (), parse_allowlist, "Comma-separated CIDRs the fetcher may reach though not public (e.g. 127.0.0.1/32)."),
    Setting("data_dir", str(PROJECT_ROOT / "data"), str, "Directory for the service's own data (the SQLite database); created on start."),
    Setting("database_url", "", str, "SQLAlchemy URL of the feedback database; empty means SQLite at <data_dir>/overclaim.db. postgresql://… uses psycopg 3."),
    Setting("db_busy_timeout_ms", 5000, int, "How long a SQLite write waits for another writer's lock before failing, in milliseconds."),
    Setting("max_comment_chars", 2000, int, "Longest feedback `comment` accepted, in characters; longer answers 422 comment_too_long."),
    Setting("rate_limit_anon_rate", 2.0, float, "Requests a second each client IP without an API key may make on average; 0 disables."),
    Setting("rate_limit_anon_burst", 20, int, "Requests a client IP without an API key may make at once before the rate applies."),
    Setting("rate_limit_key_rate", 10.0, float, "Requests a second each API key (Authorization: Bearer) may make on average; 0 disables."),
    Setting("rate_limit_key_burst", 100, int, "Requests an API key may make at once before the rate applies."),
    Setting("rate_limit_max_clients", 100_000, int, "Rate-limit buckets kept in memory per kind; the least recently used is dropped past it."),
    Setting("trusted_proxies", "", _networks, "Comma-separated proxy addresses/CIDRs whose X-Forwarded-For is believed; empty trusts none."),
    Setting("cache_entries", 1024, int, "Scored responses each worker keeps for repeated articles (LRU); 0 disables the cache."),
    Setting("cache_bytes", 32_000_000, int, "Memory bound of each worker's response cache, in bytes; 0 disables the cache."),
    Setting("max_batch_documents", 1_000, int, "Most documents in one POST /v1/score/batch; more answers 413 too_many_documents."),
    Setting("max_batch_bytes", 10_000_000, int, "Largest POST /v1/score/batch body, in bytes; larger answers 413 body_too_large."),
    Setting("batch_slice_chars", 20_000, int, "Characters of a batch scored per trip to the scoring threads; other requests get in between trips."),
)


@dataclass(frozen=True)
class Settings:
    model_dir: str
    model_name: str
    model_poll_seconds: float
    max_body_bytes: int
    max_text_chars: int
    max_json_depth: int
    scoring_threads: int
    scoring_processes: int
    log_level: str
    max_url_chars: int
    fetch_max_bytes: int
    fetch_timeout_seconds: float
    fetch_max_redirects: int
    fetch_allowlist: tuple[IPNetwork, ...]
    data_dir: str
    database_url: str
    db_busy_timeout_ms: int
    max_comment_chars: int
    rate_limit_anon_rate: float
    rate_limit_anon_burst: int
    rate_limit_key_rate: float
    rate_limit_key_burst: int
    rate_limit_max_clients: int
    trusted_proxies: str
    cache_entries: int
    cache_bytes: int
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
