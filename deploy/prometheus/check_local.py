"""Checks a running local Prometheus: every scrape target up, the expected series present, and
every dashboard query accepted by the server. Usage: check_local.py PROMETHEUS_URL [SECONDS]"""
import http.client
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
EXPECTED_SERIES = [
    'rect_build_info{component="gateway"}',
    'rect_build_info{component="identity"}',
    'rect_build_info{component="teachers"}',
    'rect_build_info{component="registration"}',
    'rect_build_info{component="partnerships"}',
    'rect_build_info{component="notifications"}',
    "rect_http_requests_total",
    "rect_db_pool_size",
    "rect_notifications_queue_depth",
    "rect_trs_circuit_state",
    "rect_csv_uploads_total",
    "rect_schools_confirmed_total",
]


def get(base, path, **params):
    """The JSON answer, or {"error": ...} while Prometheus is not yet listening or not yet
    ready: it is started just before this check, and drops connections while it starts."""
    url = f"{base}{path}?{urllib.parse.urlencode(params)}"
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        try:
            return json.load(error)
        except ValueError:
            return {"error": f"HTTP {error.code}"}
    except (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError,
            ValueError) as error:
        return {"error": f"no answer: {error}"}


def main(base, seconds):
    deadline = time.time() + seconds
    problems = ["not checked yet"]
    while time.time() < deadline:
        problems = []
        answer = get(base, "/api/v1/targets")
        if "error" in answer and "data" not in answer:
            problems.append(f"Prometheus did not answer: {answer['error']}")
            time.sleep(1)
            continue
        targets = answer.get("data", {}).get("activeTargets", [])
        if len(targets) < 6:
            problems.append(f"{len(targets)} targets, expected 6")
        problems += [f"target {t['scrapeUrl']} is {t['health']}" for t in targets if t["health"] != "up"]
        for series in EXPECTED_SERIES:
            if not get(base, "/api/v1/query", query=series).get("data", {}).get("result"):
                problems.append(f"no series {series}")
        if not problems:
            break
        time.sleep(1)
    with open(os.path.join(HERE, "dashboard.json")) as f:
        dashboard = json.load(f)
    answering = not any(p.startswith("Prometheus did not answer") for p in problems)
    for panel in dashboard["panels"] if answering else []:
        for target in panel["targets"]:
            answer = get(base, "/api/v1/query", query=target["expr"])
            if answer.get("status") != "success":
                problems.append(f"dashboard panel '{panel['title']}': {answer.get('error')}")
    for problem in problems:
        print(f"prometheus: {problem}")
    print(f"prometheus: {'all targets up, series and dashboard queries OK' if not problems else 'FAILED'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 60))
