"""Counts GoogleTest cases of a `bazel test` run and prints "N passed, N failed".

Usage: count_results.py BEP_JSON TESTLOGS BAZEL_STATUS EXTRA_PASSED EXTRA_FAILED TARGET...

Bazel's build event file says which targets ran (or came from cache) in this run; the cases
are read from their test.xml. A target with no result in this run (it failed to build, or the
run stopped) counts as one failure, so a stale test.xml from an earlier run is never counted.
"""
import json
import os
import sys
import xml.etree.ElementTree as ET


def summaries(bep_path):
    status = {}
    if not os.path.exists(bep_path):
        return status
    with open(bep_path) as f:
        for line in f:
            event = json.loads(line)
            summary_id = event.get("id", {}).get("testSummary")
            if summary_id:
                status[summary_id["label"]] = event.get("testSummary", {}).get(
                    "overallStatus", "NO_STATUS")
    return status


def count_cases(path, target):
    passed = failed = 0
    for case in ET.parse(path).getroot().iter("testcase"):
        if case.get("status") == "notrun" or case.find("skipped") is not None:
            continue
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
            print(f"FAILED: {target} {case.get('classname')}.{case.get('name')}")
        else:
            passed += 1
    return passed, failed


def main(argv):
    bep_path, testlogs, bazel_status = argv[1], argv[2], int(argv[3])
    passed, failed = int(argv[4]), int(argv[5])
    status = summaries(bep_path)
    for target in argv[6:]:
        overall = status.get(target)
        package, _, name = target.lstrip("/").partition(":")
        path = os.path.join(testlogs, package, name, "test.xml")
        if overall is None or not os.path.exists(path):
            print(f"FAILED: {target} has no result ({overall or 'not run or failed to build'})")
            failed += 1
            continue
        p, f = count_cases(path, target)
        if overall not in ("PASSED", "FLAKY") and f == 0:
            print(f"FAILED: {target} {overall}")
            f = 1
        passed += p
        failed += f
    if bazel_status != 0 and failed == 0:
        print(f"FAILED: bazel test exited with status {bazel_status}")
        failed = 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
