#!/usr/bin/env python3
"""Measures the running stack against the machine's own ceilings and writes a report.

Started by tests/load/run.sh once the stack is up and the data is loaded; see that file for
the environment. Ceilings (a bare Beast server, a bare gRPC echo, pgbench on each endpoint's
SQL) and workloads (wrk against the gateway) run in turn for a fixed time each, while every
process's RSS (/proc/PID/status) and CPU time (/proc/PID/stat) are sampled. Writes
<reports>/<stamp>.json and <stamp>.md and prints the markdown.
"""

import argparse
import datetime
import glob
import http.client as httpclient
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

CLK_TCK = os.sysconf("SC_CLK_TCK")
HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ left in the source tree
sys.path.insert(0, os.path.join(HERE, "..", "..", "deploy", "lib"))
from free_port import free_port  # noqa: E402

# The targets this report is judged against (fixed; see README "Benchmarks").
TARGETS = {
    "healthz_vs_beast": 0.80,
    "participants_vs_pgbench": 0.50,
    "participants_p99_ms": 50.0,
    "page_3000_ms": 150.0,
    "declarations_per_s": 2000.0,
    "csv_10000_rows_ms": 1000.0,
    "service_rss_mb": 64.0,
    "gateway_rss_mb": 128.0,
    "whole_run_s": 900.0,
}


def log(message):
    print(f"bench: {message}", file=sys.stderr, flush=True)


# ---- processes: RSS and CPU ----

def read_proc(pid):
    """(rss_kb, hwm_kb, cpu_ticks) of a live process, or None."""
    try:
        with open(f"/proc/{pid}/status") as f:
            status = f.read()
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
    except OSError:
        return None
    rss = re.search(r"VmRSS:\s+(\d+)", status)
    hwm = re.search(r"VmHWM:\s+(\d+)", status)
    fields = stat[stat.rindex(")") + 2:].split()
    ticks = int(fields[11]) + int(fields[12])  # utime + stime
    return (int(rss.group(1)) if rss else 0, int(hwm.group(1)) if hwm else 0, ticks)


def postgres_pids(postmaster):
    """The postmaster and its children (backends, background workers)."""
    pids = [postmaster]
    for path in glob.glob("/proc/[0-9]*/stat"):
        try:
            with open(path) as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[1]) == postmaster:
            pids.append(int(path.split("/")[2]))
    return pids


class Sampler:
    """Samples every named process (and PostgreSQL as one group) twice a second."""

    def __init__(self, processes, postmaster):
        self.processes = dict(processes)  # name -> pid
        self.postmaster = postmaster
        self.peak_rss_kb = {}
        self.last_rss_kb = {}
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def add(self, name, pid):
        with self.lock:
            self.processes[name] = pid

    def remove(self, name):
        with self.lock:
            self.processes.pop(name, None)

    def cpu_ticks(self):
        """name -> cumulative CPU ticks (PostgreSQL: live backends' sum; see cpu_delta)."""
        out = {}
        with self.lock:
            items = list(self.processes.items())
        for name, pid in items:
            info = read_proc(pid)
            if info:
                out[name] = info[2]
        if self.postmaster:
            out["postgresql"] = {pid: info[2] for pid in postgres_pids(self.postmaster)
                                 if (info := read_proc(pid))}
        return out

    @staticmethod
    def cpu_delta(before, after):
        """name -> CPU seconds used between two cpu_ticks() snapshots."""
        out = {}
        for name, value in after.items():
            if name == "postgresql":
                # Backends come and go; count each pid's growth (new pids from zero).
                old = before.get(name, {})
                ticks = sum(v - old.get(pid, 0) for pid, v in value.items())
            else:
                ticks = value - before.get(name, value)
            out[name] = ticks / CLK_TCK
        return out

    def _sample(self):
        with self.lock:
            items = list(self.processes.items())
        for name, pid in items:
            info = read_proc(pid)
            if info:
                self.last_rss_kb[name] = info[0]
                self.peak_rss_kb[name] = max(self.peak_rss_kb.get(name, 0), info[0], info[1])
        if self.postmaster:
            # Backends share PostgreSQL's buffers, so summing RSS would count them many times:
            # report the largest single process and the process count.
            infos = [read_proc(pid) for pid in postgres_pids(self.postmaster)]
            infos = [i for i in infos if i]
            if infos:
                largest = max(i[0] for i in infos)
                self.last_rss_kb["postgresql (largest process)"] = largest
                self.peak_rss_kb["postgresql (largest process)"] = max(
                    self.peak_rss_kb.get("postgresql (largest process)", 0), largest)

    def _run(self):
        while not self.stop.is_set():
            self._sample()
            self.stop.wait(0.5)

    def start(self):
        self.thread.start()

    def finish(self):
        self.stop.set()
        self.thread.join()
        self._sample()


# ---- helpers ----

def start_printing_port(command):
    """Starts a ceiling server that prints "port N"; returns (process, port)."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    match = re.match(r"port (\d+)", line)
    if not match:
        process.kill()
        raise RuntimeError(f"{command[0]} did not start: {line!r}")
    return process, int(match.group(1))


def stop(process):
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def http(method, url, token=None, body=None, timeout=30):
    """(status, body text); status 0 when the connection failed."""
    headers = {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = None
    if body is not None:
        data = body.encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")
    except (urllib.error.URLError, OSError) as e:
        return 0, str(e)


def html_unescape(text):
    import html
    return html.unescape(text)


def http_with_cookie(url, cookie):
    """(status, body) of a GET with a Cookie header, not following redirects."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers={"Cookie": cookie}),
                         timeout=30) as response:
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")


def not_served(status, body):
    """True when the gateway has no route for the path (its JSON 404 for unknown routes)."""
    if status != 404:
        return False
    try:
        return json.loads(body) == {"error": "Resource not found"}
    except ValueError:
        return "Resource not found" in body and '"errors"' not in body


def wrk(url, seconds, connections, threads, script, headers=(), args=()):
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
               "-s", script]
    for header in headers:
        command += ["-H", header]
    command.append(url)
    if args:
        command += ["--", *args]
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    for line in out.stdout.splitlines():
        if line.startswith("JSON "):
            return json.loads(line[5:])
    raise RuntimeError(f"wrk gave no result: {out.stdout[-500:]} {out.stderr[-500:]}")


def percentile(sorted_values, p):
    if not sorted_values:
        return 0.0
    index = min(int(p / 100.0 * len(sorted_values)), len(sorted_values) - 1)
    return sorted_values[index]


def psql(conninfo, sql):
    out = subprocess.run(["psql", conninfo, "-XAtqc", sql], capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip())
    return out.stdout.strip()


# ---- the run ----

class Bench:
    def __init__(self, args):
        self.args = args
        self.pg = args.pg  # "host=... port=... user=..."
        self.gateway = args.gateway.rstrip("/")
        self.seconds = args.seconds
        self.connections = args.connections
        self.threads = args.threads
        self.bin = args.bin
        # (lead_provider_id, token), one per provider (the load stack's gateway runs with the
        # rate limits raised): the first line's provider is the one GET workloads use. A
        # provider listed more than once keeps its first token.
        self.tokens = []
        self.token_of = {}  # lead provider id -> its token
        with open(args.tokens) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 2 and parts[0] not in self.token_of:
                    self.tokens.append((parts[0], parts[1]))
                    self.token_of[parts[0]] = parts[1]
        processes = {}
        for item in args.process:
            name, pid = item.split("=")
            processes[name] = int(pid)
        self.sampler = Sampler(processes, args.postmaster)
        self.ceilings = {}
        self.workloads = []
        self.notes = list(args.note or [])
        self.workdir = tempfile.mkdtemp(prefix="rect-load-")

    def db(self, service):
        return f"{self.pg} dbname=rect_{service}"

    # -- ceilings --

    def ceiling_beast(self):
        log("ceiling: bare Beast hello-world")
        process, port = start_printing_port([f"{self.bin}/tests/load/beast_hello", "--port=0",
                                             f"--threads={self.args.gateway_threads}"])
        self.sampler.add("beast_hello (ceiling)", process.pid)
        before = self.sampler.cpu_ticks()
        try:
            result = wrk(f"http://127.0.0.1:{port}/healthz", self.seconds, self.connections,
                         self.threads, f"{HERE}/wrk/report.lua")
        finally:
            cpu = Sampler.cpu_delta(before, self.sampler.cpu_ticks())
            stop(process)
            self.sampler.remove("beast_hello (ceiling)")
        result["cpu_ms_per_request"] = {
            "beast_hello": 1000 * cpu.get("beast_hello (ceiling)", 0) / max(result["requests"], 1)}
        result["connections"] = self.connections
        self.ceilings["http_beast_hello"] = result

    def ceiling_grpc(self):
        log("ceiling: bare gRPC echo")
        process, port = start_printing_port([f"{self.bin}/tests/load/echo_server", "--port=0",
                                             "--max_threads=64"])
        try:
            out = subprocess.run([f"{self.bin}/tests/load/echo_client",
                                  f"--target=127.0.0.1:{port}",
                                  f"--connections={self.connections}",
                                  f"--seconds={self.seconds}", "--payload_bytes=512"],
                                 capture_output=True, text=True, timeout=self.seconds + 60)
            result = json.loads(out.stdout.strip().splitlines()[-1])
        finally:
            stop(process)
        result["connections"] = self.connections
        self.ceilings["rpc_grpc_echo"] = result

    def pgbench(self, name, service, script, variables, mode="extended"):
        """pgbench over `script` with `variables`, in the protocol `mode` the service uses for
        that SQL ("prepared" where its store prepares the statement once per connection)."""
        log(f"ceiling: pgbench {name}")
        prefix = os.path.join(self.workdir, f"pgbench_{name}")
        command = ["pgbench", "-n", "-M", mode, "-c", str(self.connections), "-j",
                   str(self.threads), "-T", str(self.seconds), "-l", "--log-prefix", prefix,
                   "-f", os.path.join(HERE, "sql", script)]
        for key, value in variables.items():
            command += ["-D", f"{key}={value}"]
        command.append(self.db(service))
        out = subprocess.run(command, capture_output=True, text=True,
                             timeout=self.seconds + 120)
        if out.returncode != 0:
            self.ceilings[f"pgbench_{name}"] = {"error": (out.stderr or out.stdout)[-400:]}
            return
        latencies = []
        for path in glob.glob(prefix + "*"):
            with open(path) as f:
                for line in f:
                    fields = line.split()
                    if len(fields) >= 3:
                        latencies.append(int(fields[2]) / 1000.0)
            os.remove(path)
        latencies.sort()
        tps = re.search(r"tps = ([\d.]+) \(without initial", out.stdout)
        self.ceilings[f"pgbench_{name}"] = {
            "rps": float(tps.group(1)) if tps else len(latencies) / self.seconds,
            "requests": len(latencies), "p50_ms": percentile(latencies, 50),
            "p99_ms": percentile(latencies, 99), "connections": self.connections,
            "script": f"tests/load/sql/{script} (-M {mode})"}

    # -- workloads --

    def run_workload(self, name, path, ceiling=None, connections=None, token=True,
                     probe_ok=(200,)):
        url = self.gateway + path
        entry = {"name": name, "method": "GET", "path": path, "ceiling": ceiling}
        token_value = self.tokens[0][1] if token and self.tokens else None
        # The previous workload may have left the backends a queue: wait (up to 30 s) until a
        # probe is answered without 503 before measuring.
        deadline = time.time() + 30
        while True:
            status, body = http("GET", url, token_value)
            if status != 503 or time.time() > deadline:
                break
            time.sleep(2)
        entry["probe_status"] = status
        if not_served(status, body):
            entry["served"] = False
            entry["note"] = "not served (the gateway has no route for it yet)"
            log(f"workload {name}: not served")
            self.workloads.append(entry)
            return entry
        entry["served"] = True
        if status not in probe_ok:
            entry["note"] = f"probe answered {status}: {body[:200]}"
            log(f"workload {name}: probe answered {status}; not measured")
            self.workloads.append(entry)
            return entry
        entry["response_bytes"] = len(body.encode())
        try:
            entry["records"] = len(json.loads(body).get("data", []))
        except (ValueError, AttributeError):
            pass
        connections = connections or self.connections
        threads = min(self.threads, connections)
        log(f"workload {name}: {connections} connections, {self.seconds} s")
        before = self.sampler.cpu_ticks()
        headers = [f"Authorization: Bearer {token_value}"] if token_value else []
        result = wrk(url, self.seconds, connections, threads, f"{HERE}/wrk/report.lua",
                     headers=headers)
        cpu = Sampler.cpu_delta(before, self.sampler.cpu_ticks())
        entry.update(result)
        entry["connections"] = connections
        if result.get("non_2xx_3xx"):
            entry["note"] = (f"{result['non_2xx_3xx']} of {result['requests']} answers were not "
                             "2xx/3xx: req/s counts successes only")
            entry["rps_all_answers"] = result["rps"]
            entry["rps"] = round((result["requests"] - result["non_2xx_3xx"])
                                 / result["seconds"], 1)
        self.add_cpu(entry, cpu)
        self.workloads.append(entry)
        return entry

    def add_cpu(self, entry, cpu):
        requests = max(entry.get("requests", 0), 1)
        per = {name: round(1000 * seconds / requests, 4) for name, seconds in cpu.items()
               if seconds > 0}
        entry["cpu_ms_per_request"] = per
        entry["cpu_ms_per_request_total"] = round(sum(per.values()), 4)

    def post_declarations(self):
        name = "POST /api/v3/participant-declarations (sustained)"
        path = "/api/v3/participant-declarations"
        entry = {"name": name, "method": "POST", "path": path, "ceiling": None}
        token = self.tokens[0][1] if self.tokens else None
        status, body = http("POST", self.gateway + path, token, "{}")
        entry["probe_status"] = status
        if not_served(status, body):
            entry.update(served=False, note="not served (the gateway has no route for it yet)")
            log("workload declarations POST: not served")
            self.workloads.append(entry)
            return
        entry["served"] = True
        # Earlier runs on the same data (RECT_LOAD_FRESH=0) used up participants: their
        # extended-3 declarations, which only this workload makes, go first, so every run has
        # the whole list and never has to repeat a request.
        psql(self.db("registration"),
             "DELETE FROM declarations WHERE declaration_type = 'extended-3'")
        # Participants in open cohorts (2023, 2024), provider-led, not withdrawn, each with
        # its provider's token. The data set already holds their declarations up to
        # extended-2, so each declares extended-3, dated 720 days after training started.
        rows = psql(self.db("registration"), """
            SELECT tp.lead_provider_id, coalesce(e.teacher_id, m.teacher_id),
                   CASE WHEN e.id IS NOT NULL THEN 'ecf-induction' ELSE 'ecf-mentor' END,
                   to_char(tp.started_on + 720, 'YYYY-MM-DD') || 'T10:00:00Z'
              FROM training_periods tp
              LEFT JOIN ect_at_school_periods e ON e.id = tp.ect_at_school_period_id
              LEFT JOIN mentor_at_school_periods m ON m.id = tp.mentor_at_school_period_id
             WHERE tp.school_partnership_id IS NOT NULL AND tp.withdrawn_at IS NULL
               AND tp.contract_period_year IN (2023, 2024)
               -- not declared by an earlier run on the same data (RECT_LOAD_FRESH=0): an
               -- exact repeat is answered with the existing declaration, adding no row
               AND NOT EXISTS (SELECT 1 FROM declarations d
                                WHERE d.teacher_id = coalesce(e.teacher_id, m.teacher_id)
                                  AND d.declaration_type = 'extended-3')
             ORDER BY md5(tp.id::text || now()::text)""")
        participants = os.path.join(self.workdir, "participants.txt")
        count = 0
        with open(participants, "w") as f:
            for line in rows.splitlines():
                lp, teacher, course, date = line.split("|")
                token = self.token_of.get(lp)
                if not token:
                    continue
                f.write(f"{token} {teacher} {course} {date} extended-3 "
                        "training-event-attended\n")
                count += 1
        entry["participants_available"] = count
        table = self.declarations_table()
        before_count = int(psql(self.db("registration"), f"SELECT count(*) FROM {table}")) \
            if table else None
        ids_prefix = os.path.join(self.workdir, "declaration_ids")
        seconds = max(self.seconds, 15)
        log(f"workload declarations POST: {self.connections} connections, {seconds} s")
        before = self.sampler.cpu_ticks()
        command_seconds, self.seconds = self.seconds, seconds
        try:
            result = wrk(self.gateway + path, seconds, self.connections, self.threads,
                         f"{HERE}/wrk/post_declarations.lua",
                         args=[participants, ids_prefix, str(self.threads)])
        finally:
            self.seconds = command_seconds
        cpu = Sampler.cpu_delta(before, self.sampler.cpu_ticks())
        entry.update(result)
        entry["connections"] = self.connections
        accepted = result.get("statuses", {}).get("200", 0)
        entry["accepted_per_s"] = round(accepted / result["seconds"], 1)
        self.add_cpu(entry, cpu)
        # None lost, none duplicated: every 200's id once in the answers and once in the table,
        # and the table grew by exactly the number of 200s.
        ids = []
        for path_ in glob.glob(ids_prefix + ".*"):
            with open(path_) as f:
                ids += [line.strip() for line in f if line.strip()]
        check = {"ids_returned": len(ids), "distinct_ids_returned": len(set(ids))}
        if table:
            after_count = int(psql(self.db("registration"), f"SELECT count(*) FROM {table}"))
            check["table"] = table
            check["rows_added"] = after_count - before_count
            id_list = os.path.join(self.workdir, "ids.csv")
            with open(id_list, "w") as f:
                f.write("\n".join(sorted(set(ids))) + ("\n" if ids else ""))
            found = self.count_returned(table, id_list)
            check["returned_ids_in_table"] = found
            # Rows the table gained beyond the 200s: requests still in flight when wrk stopped
            # (at most one per connection) or answered with an error after their commit.
            check["rows_added_without_a_200"] = check["rows_added"] - accepted
            duplicates = int(psql(self.db("registration"), f"""
                SELECT count(*) FROM (SELECT 1 FROM {table}
                 WHERE created_at >= now() - interval '10 minutes'
                 GROUP BY teacher_id, course, declaration_type HAVING count(*) > 1) d"""))
            check["duplicate_declarations_in_table"] = duplicates
            check["none_lost"] = found == len(set(ids)) == accepted
            check["none_duplicated"] = (len(ids) == len(set(ids)) and duplicates == 0
                                        and 0 <= check["rows_added_without_a_200"]
                                        <= self.connections)
        else:
            check["note"] = "no declarations table found in rect_registration; not verified"
        entry["verification"] = check
        self.workloads.append(entry)

    def count_returned(self, table, id_list):
        script = (f"CREATE TEMP TABLE returned (id text);\n"
                  f"\\copy returned FROM '{id_list}'\n"
                  f"SELECT count(*) FROM returned r JOIN {table} d ON d.id::text = r.id;\n")
        out = subprocess.run(["psql", self.db("registration"), "-XAtq"], input=script,
                             capture_output=True, text=True)
        if out.returncode != 0:
            raise RuntimeError(out.stderr)
        return int(out.stdout.strip().splitlines()[-1])

    def declarations_table(self):
        for name in ("participant_declarations", "declarations"):
            if psql(self.db("registration"), f"SELECT to_regclass('{name}') IS NOT NULL") == "t":
                return name
        return None

    def csv_benchmark(self):
        log("workload: Confirm your schools, 10,000-row CSV (service call)")
        entry = {"name": "Confirm your schools: 10,000-row CSV check (CheckUpload)",
                 "via": "the partnerships service's CheckUpload gRPC call (parse, school "
                        "facts from the database, rules, upload saved), up to 10 calls in turn "
                        "(fewer when they take over 60 s)"}
        binary = f"{self.bin}/tests/load/csv_check_client"
        out = subprocess.run([binary, f"--target={self.args.partnerships_address}",
                              f"--lead_provider_id={self.tokens[0][0] if self.tokens else ''}",
                              f"--delivery_partner_id={self.args.delivery_partner_id}",
                              "--cohort=2025", "--rows=10000", "--first_urn=400000",
                              "--repeats=10", "--max_seconds=60"], capture_output=True,
                             text=True, timeout=300)
        try:
            result = json.loads(out.stdout.strip().splitlines()[-1])
        except (ValueError, IndexError):
            result = {"code": -1, "message": out.stderr[-300:]}
        if result.get("code") == 12:  # UNIMPLEMENTED
            entry.update(served=False, note="not served (CheckUpload unimplemented)")
        elif result.get("code") != 0:
            entry.update(served=True, note=f"CheckUpload failed: code {result.get('code')} "
                                           f"{result.get('message')}")
        else:
            entry.update(served=True, **{k: result[k] for k in (
                "calls", "rows", "bytes", "rows_with_errors", "valid_schools", "p50_ms",
                "p99_ms", "max_ms")})
        self.workloads.append(entry)

        log("workload: Confirm your schools, 10,000-row CSV (pure functions)")
        entry = {"name": "Confirm your schools: 10,000-row CSV check (pure functions)",
                 "via": "services/partnerships/confirm_schools in "
                        "//tests/load:confirm_schools_benchmark (no database)"}
        binary = f"{self.bin}/tests/load/confirm_schools_benchmark"
        if not os.path.exists(binary):
            entry.update(served=False, note="benchmark binary not built")
            self.workloads.append(entry)
            return
        out = subprocess.run([binary, "--benchmark_format=json",
                              "--benchmark_min_time=2"], capture_output=True, text=True,
                             timeout=120)
        result = json.loads(out.stdout)["benchmarks"][0]
        entry.update(served=True, p50_ms=result["real_time"], iterations=result["iterations"],
                     rows_with_errors=result.get("rows_with_errors"),
                     valid_schools=result.get("valid_schools"))
        self.workloads.append(entry)

    def rate_limit(self):
        """1,001 requests with one fresh token through a gateway with the production limits:
        the first 1,000 answered, the 1,001st refused with 429."""
        name = "Rate limit: 1,001 requests with one token (production limits)"
        path = "/api/v3/delivery-partners"
        entry = {"name": name, "method": "GET", "path": path}
        if not self.args.limited_gateway or not self.args.limit_token:
            entry.update(served=False, note="no gateway with the production limits given")
            self.workloads.append(entry)
            return
        # The limit counts in fixed 5-minute windows: start well inside one.
        left = 300 - time.time() % 300
        if left < 15:
            time.sleep(left + 0.5)
        window = int(time.time()) // 300
        log("workload: rate limit (1,001 requests, production limits)")
        url = urllib.parse.urlsplit(self.args.limited_gateway)
        connection = httpclient.HTTPConnection(url.hostname, url.port, timeout=30)
        headers = {"Authorization": f"Bearer {self.args.limit_token}"}
        statuses = []
        started = time.time()
        for _ in range(1001):
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            statuses.append(response.status)
        elapsed = time.time() - started
        connection.close()
        counts = {}
        for status in statuses:
            counts[str(status)] = counts.get(str(status), 0) + 1
        first_429 = statuses.index(429) + 1 if 429 in statuses else None
        entry.update(served=True, statuses=counts, first_429=first_429,
                     seconds=round(elapsed, 2),
                     rps=round(len(statuses) / elapsed, 1) if elapsed else None,
                     same_window=int(time.time()) // 300 == window,
                     limit_exact=statuses[:1000] == [200] * 1000 and statuses[1000] == 429,
                     note=f"first 429 at request {first_429}; one connection, in turn")
        self.workloads.append(entry)

    def journey(self):
        """A school user signed in through the local DfE Sign-in (as the browser tests do)
        starts registering an ECT (find-ect with a TRN the local TRS makes up), then wrk asks
        for the journey's GET pages with that session, in turn."""
        name = "Register an ECT: journey pages"
        entry = {"name": name, "method": "GET", "path": "/school/register-ect/..."}
        status, body = http("GET", self.gateway + "/school/register-ect/what-you-will-need")
        if not_served(status, body) or status == 404:
            entry.update(served=False, note="not served (no register-ect route yet)")
            self.workloads.append(entry)
            return
        entry["served"] = True
        try:
            cookie, paths = self.school_session()
        except (RuntimeError, OSError, ValueError) as e:
            entry["note"] = f"could not sign in and start the journey: {e}"
            log(f"workload journey: {entry['note']}")
            self.workloads.append(entry)
            return
        paths_file = os.path.join(self.workdir, "journey_paths.txt")
        cookie_file = os.path.join(self.workdir, "journey_cookie.txt")
        with open(paths_file, "w") as f:
            f.write("\n".join(paths) + "\n")
        with open(cookie_file, "w") as f:
            f.write(cookie + "\n")
        log(f"workload journey: {self.connections} connections, {self.seconds} s")
        before = self.sampler.cpu_ticks()
        result = wrk(self.gateway + paths[0], self.seconds, self.connections, self.threads,
                     f"{HERE}/wrk/pages.lua", args=[paths_file, cookie_file])
        cpu = Sampler.cpu_delta(before, self.sampler.cpu_ticks())
        entry.update(result)
        entry["connections"] = self.connections
        entry["note"] = ("signed in as sam-tutor-oakfield through the local DfE Sign-in; pages "
                         "in turn: " + ", ".join(paths))
        if result.get("non_2xx_3xx"):
            entry["note"] += (f"; {result['non_2xx_3xx']} of {result['requests']} answers were "
                              "not 2xx/3xx")
        self.add_cpu(entry, cpu)
        self.workloads.append(entry)

    def school_session(self, persona="sam-tutor-oakfield"):
        """(Cookie header value, GET paths answering 200) of a signed-in school user with a
        register-an-ECT journey under way."""
        import http.cookiejar
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

        def fetch(url, form=None):
            data = urllib.parse.urlencode(form).encode() if form is not None else None
            with opener.open(urllib.request.Request(url, data=data), timeout=30) as response:
                return response.geturl(), response.read().decode(errors="replace")

        def token(page):
            match = re.search(r'name="authenticity_token" value="([^"]+)"', page)
            if not match:
                raise RuntimeError("no authenticity_token on the page")
            return match.group(1)

        _, page = fetch(self.gateway + "/sign-in")
        # The gateway sends the browser to the local DfE Sign-in, whose page carries the
        # authorisation request in hidden fields; choosing a persona comes back signed in.
        url, page = fetch(self.gateway + "/auth/dfe", {"authenticity_token": token(page)})
        fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page))
        if not fields:
            raise RuntimeError(f"no DfE Sign-in page at {url}")
        fields = {k: html_unescape(v) for k, v in fields.items()}
        fields["persona"] = persona
        base = urllib.parse.urlsplit(url)
        url, page = fetch(f"{base.scheme}://{base.netloc}/auth", fields)
        if not urllib.parse.urlsplit(url).path.startswith("/school"):
            raise RuntimeError(f"signing in ended at {url}")
        url, page = fetch(self.gateway + "/school/register-ect/find-ect")
        paths = ["/school/home", "/school/register-ect/what-you-will-need"]
        if url.endswith("/school/register-ect/find-ect"):
            trn = f"8{int(time.time() * 1000) % 1000000:06d}"
            url, page = fetch(self.gateway + "/school/register-ect/find-ect", {
                "authenticity_token": token(page), "trn": trn, "date_of_birth_day": "3",
                "date_of_birth_month": "2", "date_of_birth_year": "1977"})
            step = urllib.parse.urlsplit(url).path
            if step.startswith("/school/register-ect/") and not step.endswith("/find-ect"):
                paths.append(step)
        else:
            # A school whose induction tutor is not confirmed for this contract period is asked
            # to confirm one first: that page is part of the journey.
            parts = urllib.parse.urlsplit(url)
            if parts.path.startswith("/school/"):
                paths.append(parts.path + (f"?{parts.query}" if parts.query else ""))
            self.notes.append(f"register-ect journey: find-ect led to {parts.path}, which is "
                              "measured in place of the later steps")
        cookie = "; ".join(f"{c.name}={c.value}" for c in jar
                           if c.domain.lstrip(".") in ("127.0.0.1", "localhost", "")
                           or c.domain.startswith("127.0.0.1"))
        for path in paths:
            status, _ = http_with_cookie(self.gateway + path, cookie)
            if status != 200:
                raise RuntimeError(f"{path} answered {status} with the session")
        return cookie, paths

    # -- all --

    def run(self):
        self.sampler.start()
        started = time.time()
        lp = self.tokens[0][0] if self.tokens else "00000000-0000-4000-8000-000000000000"
        since = "2026-06-01T00:00:00Z"
        since_epoch = int(datetime.datetime(2026, 6, 1, tzinfo=datetime.timezone.utc)
                          .timestamp())
        self.ceiling_beast()
        self.ceiling_grpc()
        self.pgbench("schools", "partnerships", "pgbench_schools.sql",
                     {"lp": lp, "cohort": 2024})
        self.pgbench("partnerships", "partnerships", "pgbench_partnerships.sql", {"lp": lp})
        self.pgbench("delivery_partners", "partnerships", "pgbench_delivery_partners.sql",
                     {"lp": lp})
        for per_page, label in ((100, "100"), (3000, "3000")):
            for since_value, since_label in ((0, ""), (since_epoch, "_updated_since")):
                self.pgbench(f"participants_{label}{since_label}", "registration",
                             "pgbench_participants.sql",
                             {"lp": lp, "per_page": per_page, "since": since_value,
                              "since_on": "true" if since_value else "false"},
                             mode="prepared")

        self.run_workload("GET /healthz", "/healthz", ceiling="http_beast_hello", token=False)
        self.run_workload("GET /api/v3/schools (100 a page)",
                          "/api/v3/schools?filter%5Bcohort%5D=2024", ceiling="pgbench_schools")
        self.run_workload("GET /api/v3/partnerships (100 a page)", "/api/v3/partnerships",
                          ceiling="pgbench_partnerships")
        self.run_workload("GET /api/v3/delivery-partners", "/api/v3/delivery-partners",
                          ceiling="pgbench_delivery_partners")
        for per_page in (100, 3000):
            for with_since in (False, True):
                query = f"page%5Bper_page%5D={per_page}"
                suffix = ""
                if with_since:
                    query += f"&filter%5Bupdated_since%5D={since}"
                    suffix = "_updated_since"
                # A 3,000-record page is measured at two connections: its target is latency.
                self.run_workload(
                    f"GET /api/v3/participants ({per_page} a page"
                    f"{', updated_since' if with_since else ''})",
                    f"/api/v3/participants?{query}",
                    ceiling=f"pgbench_participants_{per_page}{suffix}",
                    connections=self.connections if per_page == 100 else 2)
        self.run_workload("GET /api/v3/participant-declarations (100 a page)",
                          "/api/v3/participant-declarations")
        self.post_declarations()
        self.csv_benchmark()
        self.journey()
        self.rate_limit()
        self.sampler.finish()
        self.elapsed = time.time() - started
        shutil.rmtree(self.workdir, ignore_errors=True)

    # -- report --

    def verdicts(self):
        out = []
        by_name = {w["name"]: w for w in self.workloads}

        def add(target, measured, ok, detail):
            out.append({"target": target, "measured": measured,
                        "met": ok if measured is not None else None, "detail": detail})

        beast = self.ceilings.get("http_beast_hello", {})
        health = by_name.get("GET /healthz", {})
        if beast.get("rps") and health.get("rps"):
            ratio = health["rps"] / beast["rps"]
            add("healthz ≥ 80 % of bare Beast req/s", round(ratio, 3),
                ratio >= TARGETS["healthz_vs_beast"],
                f"{health['rps']:.0f} vs {beast['rps']:.0f} req/s")
        else:
            add("healthz ≥ 80 % of bare Beast req/s", None, None, "not measured")

        p = by_name.get("GET /api/v3/participants (100 a page)", {})
        ceiling = self.ceilings.get("pgbench_participants_100", {})
        if p.get("rps") and ceiling.get("rps"):
            ratio = p["rps"] / ceiling["rps"]
            add("participants page ≥ 50 % of its pgbench ceiling, p99 < 50 ms at 32 connections",
                round(ratio, 3),
                ratio >= TARGETS["participants_vs_pgbench"]
                and p["p99_ms"] < TARGETS["participants_p99_ms"],
                f"{p['rps']:.0f} vs {ceiling['rps']:.0f} req/s; p99 {p['p99_ms']:.1f} ms")
        else:
            add("participants page ≥ 50 % of its pgbench ceiling, p99 < 50 ms at 32 connections",
                None, None, p.get("note", "not measured"))

        p = by_name.get("GET /api/v3/participants (3000 a page)", {})
        if p.get("p99_ms"):
            add("a 3,000-record page < 150 ms (p99, 2 connections)", p["p99_ms"],
                p["p99_ms"] < TARGETS["page_3000_ms"], f"p50 {p['p50_ms']:.1f} ms")
        else:
            add("a 3,000-record page < 150 ms", None, None, p.get("note", "not measured"))

        d = by_name.get("POST /api/v3/participant-declarations (sustained)", {})
        if d.get("accepted_per_s") is not None:
            v = d.get("verification", {})
            add("≥ 2,000 declarations/s, none lost or duplicated", d["accepted_per_s"],
                d["accepted_per_s"] >= TARGETS["declarations_per_s"]
                and v.get("none_lost") is True and v.get("none_duplicated") is True,
                f"statuses {d.get('statuses')}; verification {v}")
        else:
            add("≥ 2,000 declarations/s, none lost or duplicated", None, None,
                d.get("note", "not measured"))

        for c in (by_name.get("Confirm your schools: 10,000-row CSV check (CheckUpload)", {}),
                  by_name.get("Confirm your schools: 10,000-row CSV check (pure functions)",
                              {})):
            if c.get("p50_ms") is not None:
                measured = c.get("p99_ms", c["p50_ms"])
                add("CSV of 10,000 rows < 1 s", round(measured, 2),
                    measured < TARGETS["csv_10000_rows_ms"],
                    f"{c['name']}: p50 {c['p50_ms']:.1f} ms; {c.get('via', '')}")
                break
        else:
            add("CSV of 10,000 rows < 1 s", None, None, "not measured")

        r = by_name.get("Rate limit: 1,001 requests with one token (production limits)", {})
        if r.get("served"):
            add("the API rate limit refuses the 1,001st request of a token (production limits)",
                r.get("first_429"), r.get("limit_exact") is True,
                f"statuses {r.get('statuses')}"
                + ("" if r.get("same_window") else "; crossed a 5-minute window"))
        else:
            add("the API rate limit refuses the 1,001st request of a token (production limits)",
                None, None, r.get("note", "not measured"))

        if self.args.started_at:
            whole = time.time() - self.args.started_at
            add("the whole report in one command < 15 minutes", round(whole / 60, 1),
                whole < TARGETS["whole_run_s"],
                f"{whole:.0f} s from the start of tests/load/run.sh to this report "
                "(building, data set, measuring)")

        for name, kb in sorted(self.sampler.peak_rss_kb.items()):
            if name == "gateway":
                limit = TARGETS["gateway_rss_mb"]
            elif name in ("identity", "teachers", "registration", "partnerships",
                          "notifications"):
                limit = TARGETS["service_rss_mb"]
            else:
                continue
            mb = kb / 1024
            add(f"{name} peak RSS < {limit:.0f} MB", round(mb, 1), mb < limit, "")
        return out

    def report(self):
        stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        for w in self.workloads:
            c = self.ceilings.get(w.get("ceiling") or "", {})
            if w.get("rps") and c.get("rps"):
                w["rps_ratio_to_ceiling"] = round(w["rps"] / c["rps"], 3)
                w["p50_ratio_to_ceiling"] = round(w["p50_ms"] / c["p50_ms"], 2) \
                    if c.get("p50_ms") else None
                w["p99_ratio_to_ceiling"] = round(w["p99_ms"] / c["p99_ms"], 2) \
                    if c.get("p99_ms") else None
        load = os.getloadavg()
        data = {
            "stamp": stamp,
            "git_commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"],
                                         capture_output=True, text=True,
                                         cwd=HERE).stdout.strip(),
            "machine": {"cpus": os.cpu_count(), "loadavg_at_end": [round(x, 2) for x in load],
                        "kernel": os.uname().release},
            "settings": {"seconds_per_workload": self.seconds, "connections": self.connections,
                         "wrk_threads": self.threads, "gateway_threads":
                         self.args.gateway_threads},
            "dataset": json.loads(self.args.dataset) if self.args.dataset else {},
            "elapsed_s": round(self.elapsed, 1),
            "ceilings": self.ceilings,
            "workloads": self.workloads,
            "rss_mb": {name: {"peak": round(kb / 1024, 1),
                              "last": round(self.sampler.last_rss_kb.get(name, 0) / 1024, 1)}
                       for name, kb in sorted(self.sampler.peak_rss_kb.items())},
            "targets": self.verdicts(),
            "notes": self.notes,
        }
        os.makedirs(self.args.reports, exist_ok=True)
        json_path = os.path.join(self.args.reports, f"{stamp}.json")
        md_path = os.path.join(self.args.reports, f"{stamp}.md")
        with open(json_path, "w") as f:
            json.dump(data, f, indent=2)
            f.write("\n")
        with open(md_path, "w") as f:
            f.write(markdown(data))
        print(markdown(data))
        log(f"report: {json_path} and {md_path}")


def cell(text):
    """Text safe inside a markdown table cell."""
    return str(text).replace("\n", " ").replace("|", "\\|")


def fmt(value, digits=1):
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def markdown(data):
    lines = [f"# Load report {data['stamp']}", ""]
    m, s = data["machine"], data["settings"]
    lines += [f"Commit `{data['git_commit']}`, {m['cpus']} CPUs, load average at the end "
              f"{m['loadavg_at_end']}; {s['seconds_per_workload']} s per workload, "
              f"{s['connections']} connections, wrk with {s['wrk_threads']} threads, gateway "
              f"with {s['gateway_threads']} io threads; whole run {data['elapsed_s']} s.", ""]
    if data.get("dataset"):
        lines += ["Data set: " + ", ".join(f"{k} {fmt(v)}" for k, v in data["dataset"].items())
                  + ".", ""]
    lines += ["## Targets", "", "| target | measured | met | detail |", "|---|---|---|---|"]
    for t in data["targets"]:
        met = {True: "yes", False: "**no**", None: "not measured"}[t["met"]]
        lines.append(f"| {t['target']} | {fmt(t['measured'], 2)} | {met} | {cell(t['detail'])} |")
    lines += ["", "## Ceilings (same machine, same run)", "",
              "| ceiling | req/s | p50 ms | p99 ms | connections | note |", "|---|---|---|---|---|---|"]
    for name, c in data["ceilings"].items():
        note = c.get("error", c.get("script", ""))
        lines.append(f"| {name} | {fmt(c.get('rps'))} | {fmt(c.get('p50_ms'), 2)} | "
                     f"{fmt(c.get('p99_ms'), 2)} | {fmt(c.get('connections'))} | {note} |")
    lines += ["", "## Workloads", "",
              "| workload | served | req/s | ×ceiling req/s | p50 ms | p99 ms | ×ceiling p99 | "
              "non-2xx | CPU ms/req (all processes) | note |",
              "|---|---|---|---|---|---|---|---|---|---|"]
    for w in data["workloads"]:
        served = {True: "yes", False: "no"}.get(w.get("served"), "?")
        note = w.get("note", "")
        if w.get("ceiling"):
            note = (note + f" ceiling: {w['ceiling']}").strip()
        if w.get("records") is not None:
            note += f"; {w['records']} records, {fmt(w.get('response_bytes'))} bytes"
        if w.get("statuses"):
            note += f"; statuses {w['statuses']}"
        if w.get("verification"):
            note += f"; verification {w['verification']}"
        if w.get("via"):
            note = (note + "; " + w["via"]).strip("; ")
        if w.get("rows_with_errors") is not None:
            note += f"; {w['rows_with_errors']} rows with errors, {w.get('valid_schools')} valid"
        lines.append(
            f"| {w['name']} | {served} | {fmt(w.get('rps'))} | "
            f"{fmt(w.get('rps_ratio_to_ceiling'), 3)} | {fmt(w.get('p50_ms'), 2)} | "
            f"{fmt(w.get('p99_ms'), 2)} | {fmt(w.get('p99_ratio_to_ceiling'), 2)} | "
            f"{fmt(w.get('non_2xx_3xx'))} | {fmt(w.get('cpu_ms_per_request_total'), 3)} | "
            f"{cell(note)} |")
    lines += ["", "CPU per request by process (ms):", ""]
    for w in data["workloads"]:
        if w.get("cpu_ms_per_request"):
            parts = ", ".join(f"{k} {v:.3f}" for k, v in
                              sorted(w["cpu_ms_per_request"].items(), key=lambda kv: -kv[1]))
            lines.append(f"- {w['name']}: {parts}")
    lines += ["", "## Memory (RSS, MB)", "", "| process | peak | at the end |", "|---|---|---|"]
    for name, r in data["rss_mb"].items():
        lines.append(f"| {name} | {fmt(r['peak'])} | {fmt(r['last'])} |")
    if data.get("notes"):
        lines += ["", "## Notes", ""] + [f"- {n}" for n in data["notes"]]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gateway", required=True)
    parser.add_argument("--pg", required=True, help='"host=... port=... user=..."')
    parser.add_argument("--postmaster", type=int, default=0)
    parser.add_argument("--process", action="append", default=[], help="NAME=PID")
    parser.add_argument("--tokens", required=True, help="lines: LEAD_PROVIDER_ID TOKEN")
    parser.add_argument("--bin", required=True, help="bazel-bin of the opt build")
    parser.add_argument("--reports", required=True)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--gateway_threads", type=int, default=2)
    parser.add_argument("--dataset", default="")
    parser.add_argument("--partnerships_address", default="127.0.0.1:50054")
    parser.add_argument("--delivery_partner_id", default="",
                        help="a partner of the first token's lead provider, for CSV uploads")
    parser.add_argument("--limited_gateway", default="",
                        help="a gateway with the production rate limits, for the limit check")
    parser.add_argument("--limit_token", default="", help="a token no request has used yet")
    parser.add_argument("--started_at", type=float, default=0,
                        help="when tests/load/run.sh started (seconds since the epoch)")
    parser.add_argument("--note", action="append")
    args = parser.parse_args()
    bench = Bench(args)
    bench.run()
    bench.report()


if __name__ == "__main__":
    main()
