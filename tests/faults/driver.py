#!/usr/bin/env python3
"""Fault driver for tests/faults/run.sh (see there and tests/faults/README.md).

Runs a mixed load against a running stack while it kills -9 and restarts each service,
restarts PostgreSQL and stops and starts the local TRS and Notify, then checks what every
client saw, the registration database and the emails Notify received; finally SIGTERMs a
gateway and a service under load. Prints one "ok"/"not ok" line per check and
"N passed, N failed"; exits 1 when a check fails.

The state directory holds (from run.sh): pids (name=pid of every process, rewritten here as
processes are restarted), tokens ("LEAD_PROVIDER TOKEN" lines), participants ("LEAD_PROVIDER
TEACHER COURSE DATE" lines), users (one email address a line); results go to faults.json.
"""
import argparse
import http.client
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

sys.dont_write_bytecode = True  # no __pycache__ left in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "deploy",
                                "lib"))
from free_port import free_port  # noqa: E402

CLIENT_DEADLINE = 5.0  # seconds: an answer later than this is a hang
# ... except for a look-up through TRS: the gateway waits up to 7 s for a call that may wait on
# TRS (registration gives the look-up 6 s, the teachers service gives TRS 5 s).
TRS_CLIENT_DEADLINE = 7.5
RECOVERY_LIMIT = 2.0  # seconds from a process being back to the first success that needs it
SERVICES = ["identity", "teachers", "registration", "partnerships", "notifications"]
API_KINDS = ["post_declaration", "get_participants", "get_declarations", "get_partnerships",
             "get_delivery_partners"]
# The register-an-ECT look-up (TRN and date of birth) of a signed-in school user: the page comes
# from registration, which asks teachers, which asks TRS.
TRS_KINDS = ["find_ect_form", "find_ect"]
TRS_DATE_OF_BIRTH = ("3", "2", "1977")  # the local TRS's date of birth for every TRN it makes up
SCHOOL_PERSONAS = ["sam-tutor-oakfield", "rita-head-riverside"]
# Which kinds of request need which process (readyz checks every service and, through them,
# PostgreSQL; the API authenticates through identity, but the gateway caches tokens briefly).
NEEDS = {
    "identity": ["sign_in", "readyz", "find_ect"],
    "teachers": ["readyz", "find_ect"],
    "registration": ["post_declaration", "get_participants", "get_declarations", "readyz",
                     "find_ect"],
    "partnerships": ["get_partnerships", "get_delivery_partners", "readyz"],
    "notifications": ["sign_in", "readyz"],
    "postgres": API_KINDS + ["sign_in", "readyz", "find_ect"],
    "fake-trs": ["find_ect"],
    "fake-trs-hang": ["find_ect"],
    "fake-notify": ["sign_in"],
}


def log(message):
    print(f"faults: {message}", flush=True)


# ---------------------------------------------------------------------------------------------
# Processes


class Proc:
    """A process of the stack, restartable with the command line and environment it has."""

    def __init__(self, name, pid):
        self.name = name
        self.pid = pid
        self.popen = None
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            self.argv = [a.decode() for a in f.read().split(b"\0") if a]
        with open(f"/proc/{pid}/environ", "rb") as f:
            self.env = dict(e.decode().split("=", 1) for e in f.read().split(b"\0") if b"=" in e)
        self.cwd = os.readlink(f"/proc/{pid}/cwd")
        self.log_path = os.readlink(f"/proc/{pid}/fd/1")

    def alive(self):
        if self.popen is not None:
            return self.popen.poll() is None
        try:
            with open(f"/proc/{self.pid}/stat") as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
            return state not in ("Z", "X")
        except FileNotFoundError:
            return False

    def signal(self, sig):
        os.kill(self.pid, sig)

    def wait_gone(self, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if not self.alive():
                return True
            time.sleep(0.01)
        return False

    def start(self, env_changes=None):
        env = dict(self.env)
        env.update(env_changes or {})
        out = open(self.log_path, "ab")
        self.popen = subprocess.Popen(self.argv, env=env, cwd=self.cwd, stdout=out,
                                      stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        out.close()
        self.pid = self.popen.pid
        return self

    def port(self):
        if self.name in SERVICES:
            return int(self.env[f"RECT_{self.name.upper()}_GRPC_ADDRESS"].rsplit(":", 1)[1])
        key = {"fake-trs": "RECT_FAKE_TRS_PORT", "fake-notify": "RECT_FAKE_NOTIFY_PORT",
               "fake-dsi": "RECT_FAKE_DSI_PORT", "gateway": "RECT_GATEWAY_PORT"}[self.name]
        return int(self.env[key])


def listening(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def wait_listening(port, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if listening(port):
            return True
        time.sleep(0.02)
    return False


# ---------------------------------------------------------------------------------------------
# HTTP


class Client:
    """One keep-alive connection to the gateway; reopened after any failure."""

    def __init__(self, base):
        url = urllib.parse.urlsplit(base)
        self.host, self.port = url.hostname, url.port
        self.conn = None

    def request(self, method, target, body=None, headers=None):
        """Returns (status or None, body bytes, headers dict, error text)."""
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=CLIENT_DEADLINE)
        try:
            self.conn.request(method, target, body=body, headers=headers or {})
            response = self.conn.getresponse()
            data = response.read()
            result_headers = {k.lower(): v for k, v in response.getheaders()}
            if response.getheader("connection", "").lower() == "close":
                self.close()
            return response.status, data, result_headers, ""
        except (OSError, http.client.HTTPException) as error:
            self.close()
            return None, b"", {}, f"{type(error).__name__}: {error}"

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


class SchoolUser:
    """A school user signed in through the local DfE Sign-in, with the browser's cookies."""

    def __init__(self, gateway, persona):
        url = urllib.parse.urlsplit(gateway)
        self.host, self.port = url.hostname, url.port
        self.persona = persona
        self.cookies = {}
        self.conn = None

    def request(self, method, target, form=None):
        """Returns (status or None, body bytes, Location, error text); keeps the cookies set."""
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port,
                                                   timeout=TRS_CLIENT_DEADLINE)
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.conn.request(method, target, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
            self.keep_cookies(response.msg.get_all("Set-Cookie") or [])
            location = response.getheader("location", "")
            if response.getheader("connection", "").lower() == "close":
                self.close()
            return response.status, data, location, ""
        except (OSError, http.client.HTTPException) as error:
            self.close()
            return None, b"", "", f"{type(error).__name__}: {error}"

    def keep_cookies(self, set_cookies):
        for header in set_cookies:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if re.search(r"(?i);\s*max-age=0\b", header):
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def sign_in(self, dsi):
        """The DfE Sign-in journey of a browser: the sign-in form, the provider's persona
        choice, the callback. Returns an error text, or "" when signed in."""
        status, page, _, error = self.request("GET", "/sign-in")
        token = re.search(rb'name="authenticity_token" value="([^"]+)"', page)
        if status != 200 or not token:
            return f"GET /sign-in: {status or error}"
        status, _, location, error = self.request(
            "POST", "/auth/dfe", {"authenticity_token": token.group(1).decode()})
        if status not in (302, 303) or not location:
            return f"POST /auth/dfe: {status or error}"
        # The local DfE Sign-in's persona form carries the authorisation request's fields.
        fields = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(location).query))
        fields["persona"] = self.persona
        dsi_url = urllib.parse.urlsplit(dsi)
        conn = http.client.HTTPConnection(dsi_url.hostname, dsi_url.port, timeout=CLIENT_DEADLINE)
        try:
            conn.request("POST", "/auth", body=urllib.parse.urlencode(fields),
                         headers={"Content-Type": "application/x-www-form-urlencoded"})
            response = conn.getresponse()
            response.read()
            callback = response.getheader("location", "")
        finally:
            conn.close()
        if not callback:
            return f"POST {dsi}/auth: {response.status}"
        callback = urllib.parse.urlsplit(callback)
        status, _, location, error = self.request(
            "GET", callback.path + ("?" + callback.query if callback.query else ""))
        if status not in (302, 303) or location != "/school/home" or "rect_session" not in self.cookies:
            return f"the callback answered {status or error} to {location or 'nowhere'}"
        return ""


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.records = []  # dicts: kind, t0, t1, status, error, body (errors only), id, user

    def add(self, **record):
        with self.lock:
            self.records.append(record)


class Load:
    """The mixed load: declarations, API reads, sign-in emails and readiness probes."""

    def __init__(self, args, recorder):
        self.gateway = args.gateway
        self.recorder = recorder
        self.stopping = threading.Event()
        self.tokens = {}
        with open(os.path.join(args.state, "tokens")) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 2:
                    self.tokens.setdefault(parts[0], []).append(parts[1])
        self.participants = []
        with open(os.path.join(args.state, "participants")) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 4 and parts[0] in self.tokens:
                    self.participants.append(parts)
        with open(os.path.join(args.state, "users")) as f:
            self.users = [line.strip() for line in f if line.strip()]
        self.next_participant = 0
        self.school_users = []  # SchoolUser, signed in, for the ECT look-ups
        self.first_trn = 6000000
        self.lock = threading.Lock()
        self.threads = []

    def token(self, lead_provider=None):
        pool = self.tokens[lead_provider or random.choice(list(self.tokens))]
        return random.choice(pool)

    def timed(self, client, kind, method, target, body=None, headers=None, **extra):
        t0 = time.monotonic()
        status, data, result_headers, error = client.request(method, target, body, headers)
        t1 = time.monotonic()
        record = dict(kind=kind, t0=t0, t1=t1, status=status, error=error, **extra)
        if status is None or status >= 300 or kind == "readyz" and status != 200:
            record["body"] = data[:400].decode("utf-8", "replace")
            record["content_type"] = result_headers.get("content-type", "")
        return record, data

    WRITES_PER_SECOND = 30  # per writer thread, at most

    def post_declarations(self):
        """Declares for each participant in turn; a declaration refused with an error is sent
        again after 0.1 s, as a client would (the API answers a repeated body with the first
        one's declaration)."""
        client = Client(self.gateway)
        retry = None
        while not self.stopping.is_set():
            if retry is None:
                with self.lock:
                    if self.next_participant >= len(self.participants):
                        log("ran out of participants")
                        return
                    lp, teacher, course, date = self.participants[self.next_participant]
                    self.next_participant += 1
            else:
                lp, teacher, course, date = retry
            body = json.dumps({"data": {"type": "participant-declaration", "attributes": {
                "participant_id": teacher, "declaration_type": "extended-3",
                "declaration_date": date, "course_identifier": course,
                "evidence_held": "training-event-attended"}}})
            record, data = self.timed(
                client, "post_declaration", "POST", "/api/v3/participant-declarations", body,
                {"Authorization": f"Bearer {self.token(lp)}", "Content-Type": "application/json"},
                participant=teacher)
            retry = None
            self.stopping.wait(max(0.0, 1 / self.WRITES_PER_SECOND - (record["t1"] - record["t0"])))
            if record["status"] is not None and 200 <= record["status"] < 300:
                try:
                    record["id"] = json.loads(data)["data"]["id"]
                except (ValueError, KeyError, TypeError):
                    record["id"] = None
            else:
                retry = (lp, teacher, course, date)
                self.stopping.wait(0.1)
            self.recorder.add(**record)

    READS = {
        "get_participants": "/api/v3/participants?page[per_page]=50&page[page]={}",
        "get_declarations": "/api/v3/participant-declarations?page[per_page]=50&page[page]={}",
        "get_partnerships": "/api/v3/partnerships?page[per_page]=50&page[page]={}",
        "get_delivery_partners": "/api/v3/delivery-partners",
    }

    def reads(self, kind):
        """One kind of read after another (a thread per kind, so a slow one delays no other)."""
        client = Client(self.gateway)
        rng = random.Random(kind)
        while not self.stopping.is_set():
            record, _ = self.timed(client, kind, "GET", self.READS[kind].format(rng.randint(1, 3)),
                                   None, {"Authorization": f"Bearer {self.token()}"})
            self.recorder.add(**record)
            self.stopping.wait(0.02 if record["status"] == 200 else 0.05)

    def readyz(self):
        client = Client(self.gateway)
        while not self.stopping.is_set():
            record, _ = self.timed(client, "readyz", "GET", "/readyz")
            self.recorder.add(**record)
            self.stopping.wait(0.1)

    def sign_in(self):
        """Requests sign-in links (a form with its CSRF cookie), each user in turn."""
        i = 0
        while not self.stopping.is_set():
            user = self.users[i % len(self.users)]
            i += 1
            client = Client(self.gateway)
            status, page, headers, error = client.request("GET", "/users/sign_in")
            csrf = re.search(r'name="authenticity_token" value="([^"]+)"', page.decode("utf-8", "replace"))
            cookie = re.match(r"rect_csrf=([^;]+)", headers.get("set-cookie", ""))
            if status != 200 or not csrf or not cookie:
                self.recorder.add(kind="sign_in_form", t0=time.monotonic(), t1=time.monotonic(),
                                  status=status, error=error or "no form", body="")
                client.close()
                self.stopping.wait(0.3)
                continue
            form = urllib.parse.urlencode({"authenticity_token": csrf.group(1), "email": user})
            record, data = self.timed(
                client, "sign_in", "POST", "/users/sign_in", form,
                {"Content-Type": "application/x-www-form-urlencoded",
                 "Cookie": f"rect_csrf={cookie.group(1)}"}, user=user)
            record["sent"] = record["status"] == 200 and b"Check your email" in data
            if record["status"] == 200 and not record["sent"]:
                record["error"] = "200 without 'Check your email'"
            self.recorder.add(**record)
            client.close()
            self.stopping.wait(0.3)

    def find_ects(self, user, first_trn):
        """A school user looks up one ECT after another on the register-an-ECT journey: the
        find-ect form (a new wizard), then its TRN (one nobody has, which the local TRS makes
        up) and date of birth. A look-up succeeds when it moves on to the next step."""
        trn = first_trn
        while not self.stopping.is_set():
            t0 = time.monotonic()
            status, page, location, error = user.request("GET", "/school/register-ect/find-ect")
            token = re.search(rb'name="authenticity_token" value="([^"]+)"', page)
            record = dict(kind="find_ect_form", t0=t0, t1=time.monotonic(), status=status,
                          error=error, user=user.persona, ok=status == 200 and bool(token))
            if not record["ok"]:
                record["body"] = page[:400].decode("utf-8", "replace")
                record["error"] = error or (f"to {location}" if location else "no form")
            self.recorder.add(**record)
            if not record["ok"]:
                self.stopping.wait(0.2)
                continue
            trn += 1
            form = {"authenticity_token": token.group(1).decode(), "trn": str(trn),
                    "date_of_birth_day": TRS_DATE_OF_BIRTH[0],
                    "date_of_birth_month": TRS_DATE_OF_BIRTH[1],
                    "date_of_birth_year": TRS_DATE_OF_BIRTH[2]}
            t0 = time.monotonic()
            status, page, location, error = user.request("POST", "/school/register-ect/find-ect", form)
            form.clear()
            record = dict(kind="find_ect", t0=t0, t1=time.monotonic(), status=status, error=error,
                          trn=str(trn), user=user.persona, location=location)
            # Found: on to the next step of the journey (never back to find-ect or sign-in).
            record["ok"] = (status == 303 and location.startswith("/school/register-ect/")
                            and not location.endswith("/find-ect"))
            if not record["ok"]:
                record["body"] = page[:400].decode("utf-8", "replace")
                if status in (302, 303):
                    record["error"] = f"redirected to {location}"
            self.recorder.add(**record)
            self.stopping.wait(0.1)

    def start(self, writers=3):
        for i, user in enumerate(self.school_users):
            self.threads.append(threading.Thread(
                target=self.find_ects, args=(user, self.first_trn + 100000 * i), daemon=True))
        for _ in range(writers):
            self.threads.append(threading.Thread(target=self.post_declarations, daemon=True))
        for kind in self.READS:
            self.threads.append(threading.Thread(target=self.reads, args=(kind,), daemon=True))
        self.threads.append(threading.Thread(target=self.readyz, daemon=True))
        self.threads.append(threading.Thread(target=self.sign_in, daemon=True))
        for thread in self.threads:
            thread.start()

    def stop(self):
        self.stopping.set()
        for thread in self.threads:
            thread.join(CLIENT_DEADLINE + 2)


# ---------------------------------------------------------------------------------------------
# Checks


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.results = []

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print(f"ok - {name}", flush=True)
        else:
            self.failed += 1
            print(f"not ok - {name}", flush=True)
            for line in str(detail).splitlines()[:30]:
                print(f"#   {line}", flush=True)
        self.results.append({"check": name, "ok": bool(ok), "detail": str(detail)[:4000]})


def psql(conninfo, sql, stdin=None):
    out = subprocess.run(["psql", conninfo, "-XAtq", "-v", "ON_ERROR_STOP=1", "-c", sql]
                         if stdin is None else ["psql", conninfo, "-XAtq", "-v", "ON_ERROR_STOP=1"],
                         input=stdin, capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip())
    return out.stdout.strip()


def succeeded(record):
    """A 2xx answer, or what the request's kind counts as success (a look-up moving on)."""
    if "ok" in record:
        return bool(record["ok"])
    return record["status"] is not None and 200 <= record["status"] < 300


def documented_503(record):
    """The gateway's 503: JSON {"error": "Service unavailable", "detail": "<x> is not
    responding"} on the API, its error page elsewhere."""
    body = record.get("body", "")
    if record["kind"] in API_KINDS:
        try:
            parsed = json.loads(body)
        except ValueError:
            return False
        return (record.get("content_type", "").startswith("application/json")
                and parsed.get("error") == "Service unavailable"
                and str(parsed.get("detail", "")).endswith(" is not responding"))
    return "Sorry, there is a problem with the service" in body


def fetch_emails(notify):
    url = urllib.parse.urlsplit(notify)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=5)
    try:
        conn.request("GET", "/_fake/emails?limit=1000000")
        response = conn.getresponse()
        data = response.read()
        if response.status != 200:
            raise RuntimeError(f"GET /_fake/emails answered {response.status}")
        return json.loads(data)["emails"]
    finally:
        conn.close()


def gateway_call_codes(port, method):
    """rect_grpc_client_requests_total of the gateway for `method`, by code."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", "/metrics")
        text = conn.getresponse().read().decode()
    finally:
        conn.close()
    codes = {}
    for line in text.splitlines():
        if line.startswith("rect_grpc_client_requests_total{") and method in line:
            code = re.search(r'code="([A-Z_]+)"', line)
            if code:
                codes[code.group(1)] = float(line.rsplit(" ", 1)[1])
    return codes


def notify_control(notify, target):
    url = urllib.parse.urlsplit(notify)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=5)
    try:
        conn.request("POST", target)
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"POST {target} answered {response.status}")
    finally:
        conn.close()


# ---------------------------------------------------------------------------------------------
# The run


class Driver:
    def __init__(self, args):
        self.args = args
        self.checks = Checks()
        self.procs = {}
        with open(os.path.join(args.state, "pids")) as f:
            for line in f:
                name, _, pid = line.strip().partition("=")
                if pid:
                    self.procs[name] = Proc(name, int(pid))
        self.recorder = Recorder()
        self.faults = []
        self.emails_seen = {}  # Notify's email id -> email, kept across restarts of the fake
        self.pg = f"host=127.0.0.1 port={args.pg_port} user=rect"

    def save_pids(self):
        path = os.path.join(self.args.state, "pids")
        with open(path + ".new", "w") as f:
            for name, proc in self.procs.items():
                f.write(f"{name}={proc.pid}\n")
        os.replace(path + ".new", path)

    def others_alive(self, but):
        return [name for name, proc in self.procs.items() if name != but and not proc.alive()]

    def snapshot_emails(self):
        for email in fetch_emails(self.args.notify):
            self.emails_seen[email["id"]] = email

    def pg_ctl(self, *args):
        command = ["/usr/lib/postgresql/15/bin/pg_ctl", "-D", self.args.pg_dir] + list(args)
        if os.getuid() == 0:
            command = ["runuser", "-u", "postgres", "--"] + command
        return subprocess.run(command, capture_output=True, text=True, timeout=60)

    def fault(self, name, down):
        """Takes `name` down for `down` seconds and brings it back; returns the fault's record."""
        fault = {"name": name}
        if name == "fake-trs-hang":
            # TRS hangs: the process is frozen, so connections are accepted and never answered.
            proc = self.procs["fake-trs"]
            fault["t_down"] = time.monotonic()
            proc.signal(signal.SIGSTOP)
            fault["stopped"] = True
            time.sleep(down)
            fault["dead_others"] = self.others_alive(but=None)
            proc.signal(signal.SIGCONT)
            fault["restarted"] = proc.alive()
            fault["t_back"] = time.monotonic()
        elif name == "postgres":
            fault["t_down"] = time.monotonic()
            result = self.pg_ctl("-m", "immediate", "-w", "-t", "30", "stop")
            fault["stopped"] = result.returncode == 0
            time.sleep(down)
            result = self.pg_ctl("-w", "-t", "30", "-l", os.path.join(self.args.pg_dir, "server.log"),
                                 "-o", f"-p {self.args.pg_port} -k {self.args.pg_dir} "
                                 "-c listen_addresses=127.0.0.1 -c max_connections=300", "start")
            fault["t_back"] = time.monotonic()
            fault["restarted"] = result.returncode == 0
            fault["dead_others"] = self.others_alive(but=None)
        else:
            proc = self.procs[name]
            if name == "fake-notify":
                # Notify first refuses every call (503), so no email is accepted between the
                # last look at what it holds and its stop (it forgets everything then).
                fault["t_down"] = time.monotonic()
                notify_control(self.args.notify, "/_fake/fail?count=1000000&status=503")
                time.sleep(0.3)
                self.snapshot_emails()
            else:
                fault["t_down"] = time.monotonic()
            # The services crash (SIGKILL); the external systems' fakes are stopped.
            proc.signal(signal.SIGKILL if name in SERVICES else signal.SIGTERM)
            fault["stopped"] = proc.wait_gone(10)
            time.sleep(down)
            fault["dead_others"] = self.others_alive(but=name)
            proc.start()
            self.save_pids()
            fault["restarted"] = wait_listening(proc.port(), 30)
            fault["t_back"] = time.monotonic()
        fault["down_s"] = round(fault["t_back"] - fault["t_down"], 3)
        log(f"{name}: down {fault['down_s']} s")
        return fault

    def run_faults(self):
        long = self.args.long
        down, settle = (2.0, 4.5) if long else (1.0, 2.0)
        order = ["fake-notify", "notifications", "identity", "teachers", "registration",
                 "partnerships", "fake-trs", "fake-trs-hang", "postgres"]
        load = Load(self.args, self.recorder)
        for persona in SCHOOL_PERSONAS:
            user = SchoolUser(self.args.gateway, persona)
            problem = user.sign_in(self.args.dsi)
            self.checks.check(f"school user {persona} signs in through DfE Sign-in", not problem,
                              problem)
            if not problem:
                load.school_users.append(user)
        log(f"load: {len(load.participants)} participants, {len(load.users)} users, "
            f"{len(load.school_users)} school users; "
            f"faults down {down} s each, {settle} s apart")
        self.t_start = time.monotonic()
        load.start()
        time.sleep(settle)
        for name in order:
            # A hang outlasts the teachers service's 5 s wait for TRS.
            fault = self.fault(name, 6.0 if name == "fake-trs-hang" else down)
            self.faults.append(fault)
            time.sleep(settle)
        # The sign-in emails of the last seconds have to leave the outbox.
        load.stop()
        self.t_load_end = time.monotonic()
        log(f"load and faults: {self.t_load_end - self.t_start:.1f} s, "
            f"{len(self.recorder.records)} requests")

    # -- checks of the fault run ---------------------------------------------------------------

    def check_faults(self):
        records = self.recorder.records
        c = self.checks
        for fault in self.faults:
            c.check(f"{fault['name']} stopped and came back",
                    fault.get("stopped") and fault.get("restarted"), fault)
            c.check(f"no other process exited while {fault['name']} was down",
                    not fault["dead_others"], f"exited: {fault['dead_others']}")
        dead = [name for name, proc in self.procs.items() if not proc.alive()]
        c.check("every process is running after the faults", not dead, f"exited: {dead}")

        # Client-visible outcomes.
        def in_fault(record):
            for fault in self.faults:
                if record["t0"] < fault["t_back"] + RECOVERY_LIMIT + 1 and record["t1"] > fault["t_down"]:
                    return fault["name"]
            return None

        by_kind = {}
        for record in records:
            by_kind.setdefault(record["kind"], []).append(record)
        summary = {kind: {} for kind in by_kind}
        for kind, rs in by_kind.items():
            for r in rs:
                key = str(r["status"])
                summary[kind][key] = summary[kind].get(key, 0) + 1
        log(f"answers by kind: {json.dumps(summary, sort_keys=True)}")
        self.summary = summary
        for kind in API_KINDS + ["sign_in", "readyz"] + TRS_KINDS:
            ok = [r for r in by_kind.get(kind, []) if succeeded(r)]
            c.check(f"{kind}: requests succeeded during the run", len(ok) > 0,
                    f"{len(by_kind.get(kind, []))} requests, none 2xx")

        hangs = [r for r in records if r["status"] is None or r["t1"] - r["t0"] > (
            TRS_CLIENT_DEADLINE if r["kind"] == "find_ect" else CLIENT_DEADLINE)]
        c.check(f"every request answered within the client deadline ({CLIENT_DEADLINE:.0f} s, "
                f"{TRS_CLIENT_DEADLINE} s for a TRS look-up)",
                not hangs, "\n".join(self.describe(r) for r in hangs[:20]))
        server_errors = [r for r in records if r["status"] is not None and r["status"] >= 500
                         and r["status"] != 503]
        c.check("no 5xx other than 503", not server_errors,
                "\n".join(self.describe(r) for r in server_errors[:20]))
        bad_503 = [r for r in records if r["status"] == 503 and r["kind"] != "readyz"
                   and not documented_503(r)]
        c.check("every 503 has the documented error body", not bad_503,
                "\n".join(self.describe(r) for r in bad_503[:20]))
        stray = [r for r in records if r["status"] is not None and not succeeded(r)
                 and r["kind"] != "readyz" and not (r["status"] == 503 and in_fault(r))]
        c.check("no error outside a fault (a fault lasts until 3 s after the process is back)",
                not stray, "\n".join(self.describe(r) for r in stray[:20]))
        bad_sign_in = [r for r in records if r["kind"] == "sign_in" and r["status"] == 200
                       and not r.get("sent")]
        c.check("every sign-in answered 200 says 'Check your email'", not bad_sign_in,
                "\n".join(self.describe(r) for r in bad_sign_in[:10]))

        # Recovery: per fault, the first success of each kind that needs the process.
        recovery = {}
        slow = []
        for fault in self.faults:
            recovery[fault["name"]] = {}
            for kind in NEEDS[fault["name"]]:
                # Successes answered after the process was back: the earliest was sent (at the
                # latest) `sent` s after it, and the first answer came `answered` s after it (a
                # slow endpoint answers late however soon it recovered).
                after = [r for r in by_kind.get(kind, []) if r["t1"] >= fault["t_back"]
                         and succeeded(r)]
                sent = min((max(r["t0"], fault["t_back"]) for r in after), default=None)
                answered = min((r["t1"] for r in after), default=None)
                seconds = None if sent is None else round(sent - fault["t_back"], 3)
                recovery[fault["name"]][kind] = {
                    "sent": seconds,
                    "answered": None if answered is None else round(answered - fault["t_back"], 3)}
                if seconds is None or seconds > RECOVERY_LIMIT:
                    slow.append(f"{fault['name']} back, first {kind} success sent after {seconds} s")
        self.recovery = recovery
        log("seconds from back to the first success (sent/answered): " + "; ".join(
            f"{name}: " + ", ".join(f"{kind} {v['sent']}/{v['answered']}" for kind, v in kinds.items())
            for name, kinds in recovery.items()))
        c.check(f"first successful request within {RECOVERY_LIMIT:.0f} s of each process being back",
                not slow, "\n".join(slow))

        # Durability: every declaration answered 2xx is in the registration database.
        ids = [r.get("id") for r in by_kind.get("post_declaration", [])
               if r["status"] is not None and 200 <= r["status"] < 300]
        c.check("every declaration answered 2xx carries an id", all(ids) and ids,
                f"{len(ids)} answers, {sum(1 for i in ids if not i)} without an id")
        ids = sorted(set(i for i in ids if i))
        id_file = os.path.join(self.args.state, "declaration_ids")
        with open(id_file, "w") as f:
            f.write("\n".join(ids) + "\n")
        found = int(psql(f"{self.pg} dbname=rect_registration", None,
                         "CREATE TEMP TABLE returned (id text);\n"
                         f"\\copy returned FROM '{id_file}'\n"
                         "SELECT count(*) FROM returned r JOIN declarations d ON d.id::text = r.id;\n")
                    .splitlines()[-1])
        c.check(f"every declaration answered 2xx is in the database ({found} of {len(ids)})",
                found == len(ids), f"{len(ids) - found} lost")

    TRS_PROMPT = 1.0  # seconds: a look-up while TRS is stopped answers within this
    # ... and while it hangs: the teachers service's wait for TRS (5 s), and a margin (registration
    # and the gateway wait longer, so the answer is the teachers service's).
    TRS_HANG_PROMPT = 5.5

    def check_trs_outage(self):
        """The ECT look-ups sent while the local TRS was stopped or hung: each answered promptly
        with the error page (or found, once a hung TRS answers) and kept nowhere when it failed;
        look-ups succeed again soon after TRS is back; no date of birth in any database or
        log."""
        c = self.checks
        lookups = [r for r in self.recorder.records if r["kind"] == "find_ect"]
        windows = [f for f in self.faults if f["name"] in ("fake-trs", "fake-trs-hang")]
        if not windows:
            return
        for hang in [f for f in windows if f["name"] == "fake-trs-hang"]:
            sent = [r for r in lookups if hang["t_down"] < r["t0"] < hang["t_back"]]
            failed = [r for r in sent if not succeeded(r)]
            log(f"TRS hung for {hang['down_s']} s: {len(sent)} look-ups sent, {len(failed)} "
                f"answered 503, the slowest in {max((r['t1'] - r['t0'] for r in sent), default=0):.3f} s")
            c.check(f"TRS hung: look-ups were made while it hung ({len(sent)}, {len(failed)} failed)",
                    len(failed) >= 1, f"{len(sent)} look-ups sent while it hung")
            wrong = [r for r in sent if not succeeded(r)
                     and not (r["status"] == 503 and documented_503(r))]
            c.check("TRS hung: every look-up is answered with the error page or finds the teacher",
                    not wrong, "\n".join(self.describe(r) for r in wrong[:10]))
            slow = [r for r in sent if r["t1"] - r["t0"] > self.TRS_HANG_PROMPT]
            c.check(f"TRS hung: every look-up is answered within {self.TRS_HANG_PROMPT} s",
                    not slow, "\n".join(self.describe(r) for r in slow[:10]))
            back = [r for r in lookups if r["t1"] >= hang["t_back"] and succeeded(r)]
            first = min((max(r["t0"], hang["t_back"]) for r in back), default=None)
            seconds = None if first is None else first - hang["t_back"]
            c.check(f"TRS answering again: look-ups find teachers within {RECOVERY_LIMIT:.0f} s "
                    f"({'never' if seconds is None else f'{seconds:.3f} s'})",
                    seconds is not None and seconds <= RECOVERY_LIMIT)
        away = [f for f in windows if f["name"] == "fake-trs"]
        if not away:
            return
        fault = away[0]
        during = [r for r in lookups if r["t0"] > fault["t_down"] and r["t1"] < fault["t_back"]]
        log(f"TRS away: {len(during)} look-ups, answered in at most "
            f"{max((r['t1'] - r['t0'] for r in during), default=0):.3f} s, "
            f"{sum(1 for r in during if r['status'] == 503)} with 503")
        c.check(f"TRS away: look-ups were made while it was stopped ({len(during)})",
                len(during) >= 3, f"{len(during)} look-ups between its stop and its return")
        wrong = [r for r in during if not (r["status"] == 503 and documented_503(r))]
        c.check("TRS away: every look-up is answered with the error page (503, 'Sorry, there is "
                "a problem with the service')", not wrong,
                "\n".join(self.describe(r) for r in wrong[:10]))
        slow = [r for r in during if r["t1"] - r["t0"] > self.TRS_PROMPT]
        c.check(f"TRS away: every look-up is answered within {self.TRS_PROMPT:.0f} s", not slow,
                "\n".join(self.describe(r) for r in slow[:10]))
        back = [r for r in lookups if r["t1"] >= fault["t_back"] and succeeded(r)]
        sent = min((max(r["t0"], fault["t_back"]) for r in back), default=None)
        seconds = None if sent is None else sent - fault["t_back"]
        c.check(f"TRS back: look-ups find teachers again within {RECOVERY_LIMIT:.0f} s "
                f"({'never' if seconds is None else f'{seconds:.3f} s'})",
                seconds is not None and seconds <= RECOVERY_LIMIT)

        # What was kept: a found teacher's TRN in its wizard (the journey goes on from there);
        # the TRN of a look-up that failed for TRS's absence nowhere but the look-up audit (TRN
        # and outcome only). (One failed by another fault may have found the teacher before
        # its answer was lost: PostgreSQL stopping after the wizard was saved, say.)
        # A look-up that failed while TRS hung is kept nowhere either: every layer in front of
        # TRS waits longer than the one behind it, so none answers 503 while the one behind
        # goes on to find the teacher.
        hung = set(r["trn"] for r in lookups if not succeeded(r) and any(
            f["name"] == "fake-trs-hang" and r["t1"] > f["t_down"]
            and r["t0"] < f["t_back"] + RECOVERY_LIMIT + 1 for f in windows))
        failed = sorted(set(r["trn"] for r in lookups if not succeeded(r)
                            and r["t1"] > fault["t_down"]
                            and r["t0"] < fault["t_back"] + RECOVERY_LIMIT + 1) | hung)
        found = sorted(set(r["trn"] for r in lookups if succeeded(r)))
        trn_file = os.path.join(self.args.state, "lookup_trns")
        with open(trn_file, "w") as f:
            f.write("".join(f"{t} failed\n" for t in failed)
                    + "".join(f"{t} found\n" for t in found))
        registration = psql(f"{self.pg} dbname=rect_registration", None,
                            "CREATE TEMP TABLE looked (trn text, outcome text);\n"
                            f"\\copy looked FROM '{trn_file}' WITH (DELIMITER ' ')\n"
                            "SELECT l.outcome, count(DISTINCT l.trn) FILTER (WHERE t.trn IS NOT NULL),"
                            " count(DISTINCT l.trn) FILTER (WHERE EXISTS (SELECT 1 FROM wizard_sessions w"
                            " WHERE w.answers::text LIKE '%\"' || l.trn || '\"%'))"
                            " FROM looked l LEFT JOIN teachers t ON t.trn = l.trn GROUP BY l.outcome;\n")
        kept = {}
        for line in registration.splitlines():
            parts = line.split("|")
            if len(parts) == 3:
                kept[parts[0]] = (int(parts[1]), int(parts[2]))
        snapshots = psql(f"{self.pg} dbname=rect_teachers", None,
                         "CREATE TEMP TABLE looked (trn text, outcome text);\n"
                         f"\\copy looked FROM '{trn_file}' WITH (DELIMITER ' ')\n"
                         "SELECT count(*) FROM teacher_snapshots s JOIN looked l USING (trn);\n")
        snapshots = int(snapshots.splitlines()[-1])
        teachers_failed, wizards_failed = kept.get("failed", (0, 0))
        _, wizards_found = kept.get("found", (0, 0))
        c.check(f"TRS away: a failed look-up is kept nowhere ({len(failed)} TRNs: {teachers_failed} "
                f"teachers, {wizards_failed} wizards, {snapshots} TRS snapshots of any look-up)",
                failed and teachers_failed == 0 and wizards_failed == 0 and snapshots == 0,
                f"kept: {kept}, snapshots {snapshots}")
        c.check(f"a found teacher is kept in its wizard ({wizards_found} of {len(found)})",
                found and wizards_found == len(found), f"kept: {kept}")

        # The date of birth went only to TRS: never into a table of a look-up's wizard, or a log.
        dob = TRS_DATE_OF_BIRTH
        patterns = [f"{dob[2]}-{int(dob[1]):02d}-{int(dob[0]):02d}",
                    f"{int(dob[0]):02d}/{int(dob[1]):02d}/{dob[2]}", "date_of_birth_year"]
        in_wizards = psql(f"{self.pg} dbname=rect_registration",
                          "SELECT count(*) FROM wizard_sessions WHERE " + " OR ".join(
                              f"answers::text LIKE '%{p}%'" for p in patterns))
        logs_dir = os.path.join(self.args.state, "logs")
        in_logs = []
        for name in sorted(os.listdir(logs_dir)):
            if name.startswith("fake-"):
                continue  # the local TRS is the external system the date of birth goes to
            with open(os.path.join(logs_dir, name), "rb") as f:
                text = f.read().decode("utf-8", "replace")
            in_logs += [f"{name}: {p}" for p in patterns if p in text]
        c.check("no date of birth in a wizard or in a log of the stack",
                in_wizards == "0" and not in_logs, f"wizards: {in_wizards}; logs: {in_logs}")

    def check_emails(self):
        c = self.checks
        records = [r for r in self.recorder.records if r["kind"] == "sign_in"]
        sent = {}
        tried = {}
        for r in records:
            if r.get("sent"):
                sent[r["user"]] = sent.get(r["user"], 0) + 1
            if r["status"] is None or r["status"] != 200 or r.get("sent"):
                tried[r["user"]] = tried.get(r["user"], 0) + 1
        # The outbox retries after Notify's outage; wait until every sent link has arrived.
        deadline = time.monotonic() + 30
        while True:
            self.snapshot_emails()
            links = {}
            for email in self.emails_seen.values():
                if "sign_in" in email.get("personalisation", {}):
                    links[email["email_address"]] = links.get(email["email_address"], 0) + 1
            missing = {u: n - links.get(u, 0) for u, n in sent.items() if links.get(u, 0) < n}
            if not missing or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        self.email_wait = round(30 - (deadline - time.monotonic()), 1)
        log(f"emails: {len(self.emails_seen)} at Notify, {sum(sent.values())} sign-ins answered "
            f"'Check your email' (waited {self.email_wait} s for the outbox)")
        c.check("every sign-in answered 'Check your email' sent its email", not missing,
                f"missing per user: {missing}")
        away = [f for f in self.faults if f["name"] == "fake-notify"]
        queued = [r for r in records if r.get("sent") and away
                  and away[0]["t_down"] <= r["t1"] <= away[0]["t_back"]]
        c.check(f"sign-ins answered while Notify was away went through the outbox ({len(queued)})",
                queued, "no sign-in was answered while Notify was away")
        extra = {u: n - tried.get(u, 0) for u, n in links.items() if n > tried.get(u, 0)}
        c.check("no sign-in email without a request that may have sent it", not extra,
                f"extra per user: {extra}")
        references = {}
        for email in self.emails_seen.values():
            references[email.get("reference")] = references.get(email.get("reference"), 0) + 1
        twice = {ref: n for ref, n in references.items() if n > 1}
        c.check("every email reached Notify exactly once per reference",
                not twice and None not in references, f"more than once: {twice}; "
                f"without a reference: {references.get(None, 0)}")

    def describe(self, r):
        at = r["t0"] - self.t_start
        text = (f"{r['kind']} at {at:.2f} s took {r['t1'] - r['t0']:.2f} s: "
                f"{r['status'] if r['status'] is not None else r['error']}")
        if r.get("body"):
            text += f" {r['body'][:200]!r}"
        fault = None
        for f in self.faults:
            if r["t1"] > f["t_down"] and r["t0"] < f["t_back"] + 5:
                fault = f["name"]
        return text + (f" (during {fault})" if fault else "")

    # -- graceful shutdown ---------------------------------------------------------------------

    def graceful(self, name, target, port, proc, load, refused_after, dribble=False, hold=None):
        """SIGTERM to `proc` while clients keep calling `target` on `port`: requests sent well
        before the signal finish with 200; those sent from `refused_after` seconds after it are
        refused (connection refused from the gateway itself, a documented 503 when a service
        stops); the process exits with status 0 within its shutdown deadline. With `dribble`,
        a declaration whose body is half sent at the signal is answered too. With `hold`
        (conninfo, SQL), that SQL runs from half a second before the signal: a lock it holds
        for a second keeps the requests sent meanwhile in flight across the signal, however
        quickly they are answered otherwise."""
        c = self.checks
        stop = threading.Event()
        results = []
        lock = threading.Lock()
        refuse = "connect" if name == "the gateway" else "503"

        def client():
            while not stop.is_set():
                t0 = time.monotonic()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=CLIENT_DEADLINE + 5)
                status, body, error, content_type = None, b"", "", ""
                try:
                    conn.request("GET", target,
                                 headers={"Authorization": f"Bearer {load.token()}"})
                    response = conn.getresponse()
                    status, body = response.status, response.read()
                    content_type = response.getheader("content-type", "")
                except (OSError, http.client.HTTPException) as e:
                    error = f"{type(e).__name__}: {e}"
                finally:
                    conn.close()
                with lock:
                    results.append(dict(t0=t0, t1=time.monotonic(), status=status, error=error,
                                        body=body[:400].decode("utf-8", "replace"),
                                        content_type=content_type))
                if status is None:
                    time.sleep(0.05)

        dribbled = {}

        def dribble_client(t_signal):
            lp, teacher, course, date = load.participants[-1]
            body = json.dumps({"data": {"type": "participant-declaration", "attributes": {
                "participant_id": teacher, "declaration_type": "extended-3",
                "declaration_date": date, "course_identifier": course,
                "evidence_held": "training-event-attended"}}}).encode()
            head = (f"POST /api/v3/participant-declarations HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    f"Authorization: Bearer {load.token(lp)}\r\n"
                    f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                    "Connection: close\r\n\r\n").encode()
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=CLIENT_DEADLINE) as s:
                    s.sendall(head + body[:len(body) // 2])
                    t_signal.wait()
                    time.sleep(0.5)
                    s.sendall(body[len(body) // 2:])
                    answer = b""
                    while True:
                        chunk = s.recv(65536)
                        if not chunk:
                            break
                        answer += chunk
                dribbled["answer"] = answer.split(b"\r\n", 1)[0].decode("latin-1")
            except OSError as e:
                dribbled["answer"] = f"{type(e).__name__}: {e}"

        threads = [threading.Thread(target=client, daemon=True) for _ in range(6)]
        signalled = threading.Event()
        if dribble:
            threads.append(threading.Thread(target=dribble_client, args=(signalled,), daemon=True))
        for t in threads:
            t.start()
        held = None
        if hold:
            time.sleep(1.5)
            held = subprocess.Popen(["psql", hold[0], "-XAtq", "-v", "ON_ERROR_STOP=1", "-c",
                                     hold[1]], stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            time.sleep(0.5)
        else:
            time.sleep(2.0)
        t_sig = time.monotonic()
        proc.signal(signal.SIGTERM)
        signalled.set()
        try:
            code = proc.popen.wait(timeout=15)
        except subprocess.TimeoutExpired:
            code = None
        t_exit = time.monotonic()
        time.sleep(1.0)
        stop.set()
        if held is not None:
            held.wait(timeout=15)
        for t in threads:
            t.join(CLIENT_DEADLINE + 6)
        margin = 0.1
        before = [r for r in results if r["t0"] < t_sig - margin]
        in_flight = [r for r in before if r["t1"] > t_sig]
        # A service that stops lets the calls it is handling finish, but gRPC cancels the ones
        # it has received and not yet started: the gateway answers those with the documented 503.
        failed_before = [r for r in before if r["status"] != 200 and not (
            refuse == "503" and r["status"] == 503 and documented_503(dict(r, kind="get_participants")))]
        queued_503 = [r for r in before if r["status"] == 503]
        after = [r for r in results if r["t0"] > t_sig + refused_after]
        while_draining = [r for r in after if r["t0"] < t_exit]
        log(f"graceful {name}: {len(results)} requests, {len(in_flight)} in flight at SIGTERM "
            f"(the last answered {max((r['t1'] - t_sig for r in in_flight), default=0):.3f} s "
            f"after it), {len(while_draining)} refused while draining, exit status {code} after "
            f"{t_exit - t_sig:.2f} s" + (f", half-sent declaration: {dribbled.get('answer')}"
                                         if dribble else ""))
        c.check(f"SIGTERM to {name}: requests in flight finish with 200 ({len(before)} sent "
                f"before it, {len(in_flight)} answered after it"
                + (f", {len(queued_503)} not yet started answered 503" if refuse == "503" else "")
                + ")",
                # The half-sent declaration is in flight by construction; the quick GETs are
                # only sometimes mid-answer at the signal.
                (any(r["status"] == 200 for r in in_flight)
                 or (dribble and dribbled.get("answer", "").startswith("HTTP/1.1 200")))
                and not failed_before,
                "\n".join(f"{r['status'] or r['error']} {r['body'][:120]!r}" for r in failed_before[:10]))
        server_errors = [r for r in results if r["status"] is not None and r["status"] >= 500
                         and r["status"] != 503]
        c.check(f"SIGTERM to {name}: no answer is a 5xx other than 503 ({len(results)} requests)",
                not server_errors,
                "\n".join(f"{r['status']} {r['t0'] - t_sig:+.3f} s {r['body'][:120]!r}"
                          for r in server_errors[:10]))
        if dribble:
            c.check(f"SIGTERM to {name}: a request whose body is arriving is answered",
                    re.match(r"HTTP/1.1 (2|4)\d\d ", dribbled.get("answer", "")),
                    dribbled.get("answer"))
        if refuse == "connect":
            wrong = [r for r in after if r["status"] is not None or "Refused" not in r["error"]]
        else:
            wrong = [r for r in after if not (r["status"] == 503 and documented_503(
                dict(r, kind="get_participants")))]
        c.check(f"SIGTERM to {name}: new requests are refused ({len(after)} from "
                f"{refused_after} s after it, "
                f"{'connection refused' if refuse == 'connect' else 'documented 503'})",
                after and not wrong,
                "\n".join(f"{r['status'] or r['error']} {r['body'][:120]!r}" for r in wrong[:10]))
        c.check(f"SIGTERM to {name}: exits with status 0 within its shutdown deadline (10 s)",
                code == 0 and t_exit - t_sig < 10.5, f"status {code} after {t_exit - t_sig:.2f} s")
        for r in results:
            r["t_from_signal"] = round(r["t0"] - t_sig, 3)
            r["took"] = round(r["t1"] - r["t0"], 3)
        return {"requests": len(results), "in_flight": len(in_flight), "results": results,
                "refused_while_draining": len(while_draining), "exit_status": code,
                "exit_s": round(t_exit - t_sig, 3), "dribbled": dribbled.get("answer")}

    def run_graceful(self):
        load = Load(self.args, self.recorder)
        target = "/api/v3/participants?page[per_page]=1000"
        self.graceful_results = {}
        # A second gateway replica over the same backends, started here so its exit status can
        # be read; the stack's own gateway keeps serving.
        gateway = self.procs["gateway"]
        replica = Proc.__new__(Proc)
        replica.__dict__.update(gateway.__dict__)
        replica.name = "gateway-replica"
        port = free_port()
        replica.start({"RECT_GATEWAY_PORT": str(port)})
        self.procs["gateway-replica"] = replica  # stopped with the rest if this run fails
        self.save_pids()
        ready = False
        client = Client(f"http://127.0.0.1:{port}")
        for _ in range(100):
            status, _, _, _ = client.request("GET", "/readyz")
            if status == 200:
                ready = True
                break
            time.sleep(0.1)
        client.close()
        self.checks.check("a second gateway replica starts and is ready", ready)
        if ready:
            self.graceful_results["gateway"] = self.graceful(
                "the gateway", target, port, replica, load, 0.1, dribble=True)
        if not replica.alive():
            del self.procs["gateway-replica"]
            self.save_pids()
        # Registration was restarted by the faults, so it is this driver's child.
        registration = self.procs["registration"]
        # Its pages are answered in milliseconds: a lock on the table they read keeps the ones
        # sent in the half second before the signal in flight across it.
        self.graceful_results["registration"] = self.graceful(
            "registration", target, gateway.port(), registration, load, 1.0,
            hold=(f"{self.pg} dbname=rect_registration",
                  "BEGIN; LOCK TABLE provider_enrolments IN ACCESS EXCLUSIVE MODE; "
                  "SELECT pg_sleep(1); COMMIT"))
        # What the gateway's calls to registration ended with (for the report).
        self.graceful_results["gateway_client_codes"] = gateway_call_codes(
            gateway.port(), "LeadProviderApiService/ListParticipants")
        registration.start()
        self.save_pids()
        self.checks.check("registration restarts after its graceful stop",
                          wait_listening(registration.port(), 30))

    def run(self):
        self.run_faults()
        self.check_faults()
        self.check_trs_outage()
        self.check_emails()
        self.run_graceful()
        with open(os.path.join(self.args.state, "faults.json"), "w") as f:
            json.dump({"faults": self.faults, "answers": self.summary, "recovery": self.recovery,
                       "graceful": getattr(self, "graceful_results", {}),
                       "email_wait_s": self.email_wait, "checks": self.checks.results,
                       "records": self.recorder.records}, f, indent=1, default=str)
        print(f"{self.checks.passed} passed, {self.checks.failed} failed", flush=True)
        return 1 if self.checks.failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gateway", required=True)
    parser.add_argument("--notify", required=True)
    parser.add_argument("--dsi", required=True)
    parser.add_argument("--state", required=True)
    parser.add_argument("--pg_dir", required=True)
    parser.add_argument("--pg_port", required=True)
    parser.add_argument("--long", action="store_true")
    args = parser.parse_args()
    return Driver(args).run()


if __name__ == "__main__":
    sys.exit(main())
