#!/usr/bin/env python3
"""Prints the differences between two load reports (tests/load/reports/*.json).

    tests/load/compare.py BEFORE.json AFTER.json [--threshold 5]

For every ceiling and workload in either report: req/s, p50 and p99 latency, CPU per request
and the ratios to the ceilings, before → after with the change in per cent; then each
process's peak RSS and each target's verdict. Changes beyond the threshold (default 5 %) are
marked "better" or "worse" (more req/s is better; more latency, CPU or memory is worse).
Exits 0; the figures are noisy on a shared machine, so read them, do not gate on them.
"""

import argparse
import json
import sys


def load(path):
    with open(path) as f:
        return json.load(f)


def change(before, after, higher_is_better, threshold):
    if before is None or after is None:
        return "", ""
    if before == 0:
        return ("", "") if after == 0 else ("new", "")
    pct = 100.0 * (after - before) / abs(before)
    verdict = ""
    if abs(pct) >= threshold:
        verdict = "better" if (pct > 0) == higher_is_better else "worse"
    return f"{pct:+.1f} %", verdict


def fmt(value):
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 10 else f"{value:,.1f}"
    return str(value)


METRICS = [
    ("rps", "req/s", True),
    ("p50_ms", "p50 ms", False),
    ("p99_ms", "p99 ms", False),
    ("rps_ratio_to_ceiling", "×ceiling req/s", True),
    ("cpu_ms_per_request_total", "CPU ms/req", False),
    ("accepted_per_s", "accepted/s", True),
]


def rows(kind, before, after, threshold):
    out = []
    names = list(before) + [n for n in after if n not in before]
    for name in names:
        b, a = before.get(name, {}), after.get(name, {})
        if b.get("served") is False or a.get("served") is False:
            if b.get("served") != a.get("served"):
                out.append((kind, name, "served", str(b.get("served")), str(a.get("served")),
                            "", "now served" if a.get("served") else "no longer served"))
            elif not b and not a:
                continue
            else:
                out.append((kind, name, "served", "no", "no", "", ""))
            continue
        for key, label, higher in METRICS:
            if b.get(key) is None and a.get(key) is None:
                continue
            pct, verdict = change(b.get(key), a.get(key), higher, threshold)
            out.append((kind, name, label, fmt(b.get(key)), fmt(a.get(key)), pct, verdict))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--threshold", type=float, default=5.0,
                        help="per cent change to call better/worse (default 5)")
    args = parser.parse_args()
    before, after = load(args.before), load(args.after)

    print(f"before: {before['stamp']} (commit {before.get('git_commit')}, load "
          f"{before['machine'].get('loadavg_at_end')})")
    print(f"after:  {after['stamp']} (commit {after.get('git_commit')}, load "
          f"{after['machine'].get('loadavg_at_end')})")
    if before.get("settings") != after.get("settings"):
        print(f"settings differ: {before.get('settings')} → {after.get('settings')}")
    if before.get("dataset") != after.get("dataset"):
        print(f"data sets differ: {before.get('dataset')} → {after.get('dataset')}")
    print()

    table = [("", "name", "metric", "before", "after", "change", "")]
    table += rows("ceiling", before.get("ceilings", {}), after.get("ceilings", {}),
                  args.threshold)
    table += rows("workload", {w["name"]: w for w in before.get("workloads", [])},
                  {w["name"]: w for w in after.get("workloads", [])}, args.threshold)
    rss_b, rss_a = before.get("rss_mb", {}), after.get("rss_mb", {})
    for name in list(rss_b) + [n for n in rss_a if n not in rss_b]:
        b = rss_b.get(name, {}).get("peak")
        a = rss_a.get(name, {}).get("peak")
        pct, verdict = change(b, a, False, args.threshold)
        table.append(("memory", name, "peak RSS MB", fmt(b), fmt(a), pct, verdict))
    targets_b = {t["target"]: t for t in before.get("targets", [])}
    targets_a = {t["target"]: t for t in after.get("targets", [])}
    word = {True: "met", False: "missed", None: "not measured"}
    for name in list(targets_b) + [n for n in targets_a if n not in targets_b]:
        b, a = targets_b.get(name, {}), targets_a.get(name, {})
        verdict = ""
        if b.get("met") != a.get("met"):
            verdict = "now met" if a.get("met") else "changed"
        table.append(("target", name, "verdict", word[b.get("met")], word[a.get("met")], "",
                      verdict))

    widths = [max(len(str(row[i])) for row in table) for i in range(len(table[0]))]
    widths[1] = min(widths[1], 60)
    for row in table:
        cells = [str(c)[:widths[i]].ljust(widths[i]) for i, c in enumerate(row)]
        print("  ".join(cells).rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
