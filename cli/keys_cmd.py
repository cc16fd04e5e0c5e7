"""`overclaim keys create|list|revoke`: API keys for moderators and trainers."""
from __future__ import annotations

import argparse
import sys

from cli.db_access import database, operator
from server.db import keys


def add(p: argparse.ArgumentParser) -> None:
    actions = p.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", help="make a key; it is printed once and only its hash is kept")
    create.add_argument("--role", required=True, choices=keys.KEY_ROLES)
    create.add_argument("--note", help="who or what the key is for")
    create.set_defaults(run=run_create)
    actions.add_parser("list", help="every key: id, role, note, created, revoked").set_defaults(run=run_list)
    revoke = actions.add_parser("revoke", help="stop a key from working")
    revoke.add_argument("id", type=int)
    revoke.set_defaults(run=run_revoke)


def run_create(args: argparse.Namespace) -> int:
    with database() as db, db.write() as conn:
        key_id, token = keys.create(conn, args.role, operator(), args.note)
    print(token)
    print(f"key {key_id} ({args.role}) created; it is shown only this once", file=sys.stderr)
    return 0


def run_list(args: argparse.Namespace) -> int:
    with database() as db, db.read() as conn:
        rows = keys.listing(conn)
    for row in rows:
        state = f"revoked {row['revoked_at']}" if row["revoked"] else "active"
        print(f"{row['id']}\t{row['role']}\t{state}\t{row['created_at']}\t{row['note'] or ''}")
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    with database() as db, db.write() as conn:
        found = keys.revoke(conn, args.id, operator())
    if not found:
        print(f"overclaim keys revoke: there is no key {args.id}", file=sys.stderr)
        return 1
    print(f"key {args.id} revoked")
    return 0
