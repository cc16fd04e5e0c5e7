"""Feedback storage throughput: concurrent single-row write transactions, then paging the queue.

    .venv/bin/python scripts/bench_feedback.py                      # a temp SQLite file
    .venv/bin/python scripts/bench_feedback.py --url postgresql://…  # an empty PostgreSQL database
"""
from __future__ import annotations

import argparse
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from server.db import feedback, open_database
from server.feedback_validation import submission
from server.settings import Settings


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--url", default="")
    p.add_argument("--rows", type=int, default=2000)
    p.add_argument("--threads", type=int, default=8)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Settings.from_env({}, data_dir=tmp, database_url=args.url))
        item = submission({"text": "This miracle tea cures anxiety overnight.", "verdict": "ok"}, 1000, 100)

        def write(i: int) -> int:
            with db.write() as conn:
                return feedback.insert(conn, item, f"bench-{time.time_ns()}-{i}")[0]

        start = time.perf_counter()
        with ThreadPoolExecutor(args.threads) as pool:
            ids = list(pool.map(write, range(args.rows)))
        took = time.perf_counter() - start
        print(f"{db.backend}: {len(set(ids))} rows in {took:.2f}s = {len(ids) / took:,.0f} writes/s ({args.threads} threads)")
        start, after, pages = time.perf_counter(), 0, 0
        while True:
            with db.read() as conn:
                _, last = feedback.page(conn, "pending", after, 200)
            pages += 1
            if last is None:
                break
            after = last
        print(f"{db.backend}: {pages} pages of 200 in {time.perf_counter() - start:.2f}s")
        db.close()


if __name__ == "__main__":
    main()
