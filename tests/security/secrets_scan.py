#!/usr/bin/env python3
"""Tokens and secrets are stored only as digests and never logged.

Against a running stack, after the browser and conformance suites: signs a lead-provider user
in from an emailed link (a session cookie), makes an API token and calls the API with it, then
looks for every token and secret it knows of in every row of every table of every rect_*
database and in every log of the stack's state directory:
  - the API bearer tokens of the run (--api-tokens, kept by keep_api_tokens.sh) and its own;
  - every sign-in link token Notify received (GET /_fake/emails) and the session cookie;
  - the local configuration's secrets: the DfE Sign-in client and API secrets and the TRS API
    key (deploy/lib/stack.sh), the Notify API key and its secret
    (services/notifications/notify_auth.h), the personalisation sealing key
    (services/notifications/sealed_personalisation.h).
A finding names the kind of secret and where, never the value. Exits 1 on any finding, or when
it could not sign in or found no token to look for (the scan would prove nothing).

  secrets_scan.py --state DIR --gateway URL --notify URL --identity HOST:PORT --bin BAZEL_BIN
                  [--api-tokens FILE]
"""
import argparse
import http.client
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# A lead provider of the partnerships seed (the browser tests' one).
LEAD_PROVIDER = "2b9f6a10-1c3d-4e5f-8a7b-000000000001"


def http_call(base, method, target, body=None, headers=None):
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    try:
        conn.request(method, target, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace"), response.getheaders()
    finally:
        conn.close()


def set_cookie(headers, name):
    for key, value in headers:
        if key.lower() == "set-cookie" and value.startswith(name + "="):
            return value.split(";", 1)[0].split("=", 1)[1]
    return ""


def csrf_form(gateway, target, cookies=""):
    """GETs a page with a form: (its authenticity_token, the rect_csrf cookie, the page)."""
    status, page, headers = http_call(gateway, "GET", target, headers={"Cookie": cookies} if cookies else {})
    token = re.search(r'name="authenticity_token" value="([^"]+)"', page)
    return (token.group(1) if token else "", set_cookie(headers, "rect_csrf"), page, status)


def admin(args, *command):
    done = subprocess.run([os.path.join(args.bin, "services/identity/identity_admin"),
                           f"--identity_address={args.identity}", *command],
                          capture_output=True, text=True, timeout=30)
    if done.returncode != 0:
        raise RuntimeError(f"identity_admin {command[0]}: {done.stderr.strip()}")
    return done.stdout.strip()


def emails(notify, address=""):
    target = "/_fake/emails?limit=1000000"
    if address:
        target += "&email_address=" + urllib.parse.quote(address)
    status, body, _ = http_call(notify, "GET", target)
    if status != 200:
        raise RuntimeError(f"GET /_fake/emails answered {status}")
    return json.loads(body)["emails"]


def link_tokens(all_emails):
    tokens = set()
    for email in all_emails:
        text = json.dumps(email.get("personalisation", {})) + email.get("body", "")
        tokens.update(re.findall(r"login_token=([A-Za-z0-9_\-]+)", text))
    return tokens


def sign_in(args, problems):
    """A lead-provider user signs in from the emailed link: returns the session cookie."""
    address = f"secrets-scan-{int(time.time())}-{os.getpid()}@northern.example"
    admin(args, "create-lead-provider-user", "--full_name=Scan User", f"--email={address}",
          f"--lead_provider_id={LEAD_PROVIDER}")
    token, csrf, _, _ = csrf_form(args.gateway, "/users/sign_in")
    form = urllib.parse.urlencode({"authenticity_token": token, "email": address})
    status, page, _ = http_call(args.gateway, "POST", "/users/sign_in", form, {
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"rect_csrf={csrf}"})
    if status != 200 or "Check your email" not in page:
        problems.append(f"requesting a sign-in link answered {status}")
        return ""
    link = None
    for _ in range(100):
        found = link_tokens(emails(args.notify, address))
        if found:
            link = found.pop()
            break
        time.sleep(0.1)
    if not link:
        problems.append("no sign-in email arrived")
        return ""
    token, new_csrf, page, status = csrf_form(
        args.gateway, f"/users/confirm_sign_in?login_token={link}", f"rect_csrf={csrf}")
    csrf = new_csrf or csrf
    form = urllib.parse.urlencode({"authenticity_token": token, "login_token": link})
    status, _, headers = http_call(args.gateway, "POST", "/users/sign_in_with_token", form, {
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"rect_csrf={csrf}"})
    session = set_cookie(headers, "rect_session")
    if status not in (302, 303) or not session:
        problems.append(f"redeeming the sign-in link answered {status} without a session")
        return ""
    status, _, _ = http_call(args.gateway, "GET", "/dashboard", headers={"Cookie": f"rect_session={session}"})
    if status != 200:
        problems.append(f"the dashboard answered {status} to the new session")
    return session


def configured_secrets():
    """name -> value of the local configuration's secrets."""
    stack = open(os.path.join(ROOT, "deploy/lib/stack.sh")).read()
    found = {}
    for name, pattern in [("DfE Sign-in client secret", r'RECT_IDENTITY_DSI_CLIENT_SECRET="([^"]+)"'),
                          ("DfE Sign-in API secret", r'RECT_IDENTITY_DSI_API_SECRET="([^"]+)"'),
                          ("TRS API key", r'STACK_TRS_KEY="([^"]+)"')]:
        match = re.search(pattern, stack)
        if match:
            found[name] = match.group(1)
    notify = open(os.path.join(ROOT, "services/notifications/notify_auth.h")).read()
    match = re.search(r'kLocalNotifyApiKey\[\] =\s*"([^"]+)"', notify)
    if match:
        found["Notify API key"] = match.group(1)
        found["Notify API key's secret"] = match.group(1)[-36:]
    sealed = open(os.path.join(ROOT, "services/notifications/sealed_personalisation.h")).read()
    match = re.search(r'kLocalPersonalisationKey\[\] =\s*"([^"]+)"', sealed)
    if match:
        found["personalisation sealing key"] = match.group(1)
    return found


def psql(port, database, sql):
    return subprocess.run(["psql", "-h", "127.0.0.1", "-p", port, "-U", "rect", "-d", database,
                           "-XtAqc", sql], capture_output=True, text=True, timeout=300,
                          check=True).stdout


def every_table(state):
    """(database.table, every row as text) of every rect_* database."""
    port = open(os.path.join(state, "postgres.port")).read().strip()
    databases = psql(port, "postgres",
                     "SELECT datname FROM pg_database WHERE datname LIKE 'rect_%'").split()
    for database in databases:
        tables = psql(port, database,
                      "SELECT format('%I.%I', table_schema, table_name) FROM information_schema.tables "
                      "WHERE table_type = 'BASE TABLE' AND table_schema NOT IN "
                      "('pg_catalog', 'information_schema')").split()
        for table in tables:
            yield f"{database}.{table}", psql(port, database, f"SELECT t::text FROM {table} t")


def every_log(state):
    logs = os.path.join(state, "logs")
    for name in sorted(os.listdir(logs)):
        with open(os.path.join(logs, name), encoding="utf-8", errors="replace") as f:
            yield f"log {name}", f.read()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    for flag in ("--state", "--gateway", "--notify", "--identity", "--bin"):
        parser.add_argument(flag, required=True)
    parser.add_argument("--api-tokens", default="")
    args = parser.parse_args()

    problems = []
    needles = {}  # value -> kind

    def add(kind, values):
        for value in values:
            if value and len(value) >= 8:
                needles.setdefault(value, kind)

    session = sign_in(args, problems)
    add("session cookie", [session])
    own_token = admin(args, "create-api-token", f"--lead_provider_id={LEAD_PROVIDER}",
                      "--description=secrets scan")
    status, _, _ = http_call(args.gateway, "GET", "/api/v3/participants",
                             headers={"Authorization": f"Bearer {own_token}"})
    if status != 200:
        problems.append(f"the API answered {status} to a new token")
    api_tokens = [own_token]
    if args.api_tokens and os.path.exists(args.api_tokens):
        api_tokens += [line.strip() for line in open(args.api_tokens) if line.strip()]
    add("API bearer token", api_tokens)
    links = link_tokens(emails(args.notify))
    add("sign-in link token", links)
    for kind, value in configured_secrets().items():
        add(kind, [value])
    counts = {}
    for kind in needles.values():
        counts[kind] = counts.get(kind, 0) + 1
    print(f"secrets scan: looking for {json.dumps(counts, sort_keys=True)}")
    if not session or not links or len(api_tokens) < 1:
        problems.append("nothing to look for: no session, sign-in link or API token")

    findings = {}
    places = 0
    for where, text in list(every_table(args.state)) + list(every_log(args.state)):
        places += 1
        for value, kind in needles.items():
            if value in text:
                findings.setdefault((kind, where), 0)
                findings[(kind, where)] += 1
    for (kind, where), n in sorted(findings.items()):
        problems.append(f"{kind} found in {where} ({n} distinct value{'s' if n > 1 else ''})")
    print(f"secrets scan: {len(needles)} values in {places} tables and logs")
    for problem in problems:
        print(f"FAILED: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
