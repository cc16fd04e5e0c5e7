"""A throwaway PostgreSQL cluster for the tests: initdb in a temp dir, a unix socket only, no TCP port.

The server refuses to run as root, so as root it runs as the `postgres` user (made by Debian's package).
`scripts/ensure-postgres.sh` (run by `make test`) installs the package when it is missing.
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

PORT = 5432  # names the socket file only: nothing listens on TCP


class ClusterError(RuntimeError):
    pass


def bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if not found:
        raise ClusterError("no PostgreSQL server binaries under /usr/lib/postgresql/*/bin; run scripts/ensure-postgres.sh")
    return Path(found[-1]).parent


def _as_owner(argv: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


def _run(argv: list[str]) -> None:
    done = subprocess.run(_as_owner(argv), capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise ClusterError(f"{' '.join(argv[:2])} failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")


@dataclass
class Cluster:
    root: Path
    bin: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://overclaim@/postgres?host={self.root}&port={PORT}"

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                _run([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"])
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def start() -> Cluster:
    binaries = bindir()
    root = Path(tempfile.mkdtemp(prefix="overclaim-pg-"))
    try:
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(root, owner.pw_uid, owner.pw_gid)
    except KeyError:
        shutil.rmtree(root, ignore_errors=True)
        raise ClusterError("running as root needs a `postgres` user to run the server as (Debian's package makes one)") from None
    cluster = Cluster(root, binaries)
    try:
        _run([str(cluster.bin / "initdb"), "-D", str(cluster.data), "-U", "overclaim", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"])
        options = f"-c listen_addresses='' -k {root} -p {PORT} -c fsync=off -c shared_buffers=16MB -c max_connections=60"
        _run([str(cluster.bin / "pg_ctl"), "-D", str(cluster.data), "-o", options, "-l", str(root / "log"), "-w", "-t", "60", "start"])
    except (ClusterError, OSError, subprocess.TimeoutExpired) as exc:
        log = (root / "log").read_text(errors="replace")[-2000:] if (root / "log").exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        raise ClusterError(f"{exc}\n{log}") from exc
    return cluster
