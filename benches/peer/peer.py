#!/usr/bin/env python3
"""The DuckDB peer of `rtb-recon run` (issue 13): the rules of SPEC §6 as one
SQL script (rules.sql) over the same seven CSV exports.

    peer.py run INPUT_DIR OUT.csv [--as-of D] [--rtb-valid-until D]
                [--ukraine-return-possible] [--threads N]
        writes the actions (v_number, action, subject_id, rule_id) sorted as
        actions.csv is, and prints `peer_actions=N peer_seconds=S`.
    peer.py check OURS/actions.csv PEER.csv
        compares the sets of (v_number, action, subject_id); prints the
        differences and exits 1 when they differ.

Needs Python's `duckdb` package (benches/e2e.sh installs it into a venv).
"""

import argparse
import csv
import pathlib
import sys
import time


def run(args):
    import duckdb

    sql = (pathlib.Path(__file__).with_name("rules.sql")).read_text(encoding="utf-8")
    for key, value in {
        "input": str(pathlib.Path(args.input).resolve()).replace("'", "''"),
        "out": str(pathlib.Path(args.out).resolve()).replace("'", "''"),
        "as_of": args.as_of,
        "rtb_valid_until": args.rtb_valid_until,
        "ukraine_return_possible": "true" if args.ukraine_return_possible else "false",
    }.items():
        sql = sql.replace("{" + key + "}", value)
    started = time.perf_counter()
    con = duckdb.connect()
    con.execute(f"SET threads = {int(args.threads)}")
    con.execute(sql)
    count = con.execute("SELECT count(*) FROM actions").fetchone()[0]
    print(f"peer_actions={count} peer_seconds={time.perf_counter() - started:.3f}")


def triples(path):
    with open(path, newline="", encoding="utf-8") as f:
        return {(r["v_number"], r["action"], r["subject_id"]) for r in csv.DictReader(f)}


def check(args):
    ours, peer = triples(args.ours), triples(args.peer)
    only_ours, only_peer = sorted(ours - peer), sorted(peer - ours)
    for label, rows in (("only in ours", only_ours), ("only in the peer", only_peer)):
        for row in rows[:20]:
            print(f"{label}: {','.join(row)}", file=sys.stderr)
        if len(rows) > 20:
            print(f"{label}: … {len(rows) - 20} more", file=sys.stderr)
    print(f"ours={len(ours)} peer={len(peer)} only_ours={len(only_ours)} only_peer={len(only_peer)}")
    return 1 if only_ours or only_peer else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run")
    r.add_argument("input")
    r.add_argument("out")
    r.add_argument("--as-of", required=True)
    r.add_argument("--rtb-valid-until", default="2027-03-04")
    r.add_argument("--ukraine-return-possible", action="store_true")
    r.add_argument("--threads", default=2)
    c = sub.add_parser("check")
    c.add_argument("ours")
    c.add_argument("peer")
    args = parser.parse_args()
    if args.command == "run":
        run(args)
        return 0
    return check(args)


if __name__ == "__main__":
    sys.exit(main())
