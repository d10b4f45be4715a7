#!/usr/bin/env python3
"""Hostile HTTP clients against a running gateway (tests/sanitizers/gateway_bad_input.sh runs
it against the gateway built with AddressSanitizer + UndefinedBehaviorSanitizer).

Checks, one "ok"/"not ok" line each, then "N passed, N failed" (exit 1 when one fails):
  - 100 clients dribbling their headers a byte at a time are answered 408 or cut off once the
    header deadline has passed, while /healthz keeps answering promptly;
  - a body dribbled slower than the body deadline is cut off;
  - a Content-Length above the limit is answered 413 at once, without the body being read;
  - a chunked body growing past the limit is answered 413;
  - a header block above 16 KB is answered 431;
  - malformed requests (request line, Content-Length, chunk framing, header names) are
    answered 400 and their connection closed;
  - 200 clients resetting their connection mid-request harm nothing;
  - afterwards every kind of request above left /healthz answering.

Usage: gateway_bad_input.py --port PORT --header_timeout_ms N --body_timeout_ms N
       --max_body_bytes N
"""
import argparse
import socket
import struct
import sys
import threading
import time
from pathlib import Path

# The fault tests' TAP-style checks ("ok"/"not ok" lines and the counts).
sys.dont_write_bytecode = True  # no __pycache__ left in the source tree
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "faults"))
from driver import Checks  # noqa: E402

HEALTHZ_PROMPT = 1.0  # seconds: /healthz answers within this while the hostile clients are on


def connect(port, timeout=5.0):
    return socket.create_connection(("127.0.0.1", port), timeout=timeout)


def read_answer(sock, seconds):
    """Reads until the server closes or `seconds` pass: (status line or "", closed, data)."""
    sock.settimeout(0.2)
    deadline = time.monotonic() + seconds
    data = b""
    closed = False
    while time.monotonic() < deadline:
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            continue
        except OSError:
            closed = True
            break
        if not chunk:
            closed = True
            break
        data += chunk
    status = data.split(b"\r\n", 1)[0].decode("latin-1") if data.startswith(b"HTTP/") else ""
    return status, closed, data


def status_code(status_line):
    parts = status_line.split()
    return int(parts[1]) if len(parts) >= 2 and parts[1].isdigit() else None


def healthz(port):
    """(seconds, status code or None) of one GET /healthz on a new connection."""
    t0 = time.monotonic()
    try:
        with connect(port, timeout=HEALTHZ_PROMPT * 5) as s:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            status, _, _ = read_answer(s, HEALTHZ_PROMPT * 5)
    except OSError:
        status = ""
    return time.monotonic() - t0, status_code(status)


class HealthProbe:
    """GET /healthz every 50 ms in the background; remembers the slowest and any failure."""

    def __init__(self, port):
        self.port = port
        self.stop = threading.Event()
        self.samples = []
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        while not self.stop.is_set():
            self.samples.append(healthz(self.port))
            self.stop.wait(0.05)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(10)

    def summary(self):
        slow = [s for s in self.samples if s[0] > HEALTHZ_PROMPT or s[1] != 200]
        worst = max((s[0] for s in self.samples), default=0)
        return slow, worst


def dribbled_headers(args, c):
    header_s = args.header_timeout_ms / 1000
    socks = []
    for _ in range(100):
        s = connect(args.port)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        socks.append(s)
    answers = {}
    lock = threading.Lock()

    def dribble(i, s):
        t0 = time.monotonic()
        try:
            # One byte of an endless header every 0.2 s until the server gives up on it.
            s.sendall(b"X-Slow: ")
            while time.monotonic() - t0 < header_s + 3:
                s.sendall(b"a")
                s.settimeout(0.2)
                try:
                    data = s.recv(65536)
                    with lock:
                        answers[i] = (time.monotonic() - t0, data.split(b"\r\n", 1)[0].decode("latin-1") or "closed")
                    return
                except socket.timeout:
                    pass
        except OSError as e:
            with lock:
                answers[i] = (time.monotonic() - t0, f"closed ({type(e).__name__})")
            return
        with lock:
            answers[i] = (time.monotonic() - t0, "still open")

    with HealthProbe(args.port) as probe:
        threads = [threading.Thread(target=dribble, args=(i, s), daemon=True)
                   for i, s in enumerate(socks)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(header_s + 10)
    for s in socks:
        s.close()
    late = {i: a for i, a in answers.items()
            if a[1] == "still open" or a[0] > header_s + 1.5
            or not (a[1].startswith("HTTP/1.1 408") or a[1].startswith("closed"))}
    answered = sum(1 for a in answers.values() if a[1].startswith("HTTP/1.1 408"))
    c.check(f"100 clients dribbling headers are answered 408 or cut off within the header "
            f"deadline + 1.5 s ({answered} answered 408, the last after "
            f"{max((a[0] for a in answers.values()), default=0):.2f} s)",
            len(answers) == 100 and not late,
            f"{100 - len(answers)} unfinished; wrong: {sorted(late.items())[:10]}")
    slow, worst = probe.summary()
    c.check(f"/healthz answers within {HEALTHZ_PROMPT:.0f} s meanwhile ({len(probe.samples)} "
            f"probes, slowest {worst:.3f} s)", probe.samples and not slow, slow[:10])


def dribbled_body(args, c):
    body_s = args.body_timeout_ms / 1000
    t0 = time.monotonic()
    outcome = "still open"
    with connect(args.port) as s:
        s.sendall(b"POST /users/sign_in HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n")
        try:
            while time.monotonic() - t0 < body_s + 4:
                s.sendall(b"a")
                s.settimeout(0.25)
                try:
                    data = s.recv(65536)
                    outcome = data.split(b"\r\n", 1)[0].decode("latin-1") or "closed"
                    break
                except socket.timeout:
                    pass
        except OSError as e:
            outcome = f"closed ({type(e).__name__})"
    took = time.monotonic() - t0
    c.check(f"a body dribbled a byte every 0.25 s is cut off after the body deadline "
            f"({outcome} after {took:.2f} s)",
            outcome != "still open" and not outcome.startswith("HTTP/1.1 2")
            and body_s - 0.5 <= took <= body_s + 2, outcome)


def oversized_content_length(args, c):
    t0 = time.monotonic()
    with connect(args.port) as s:
        s.sendall(b"POST /api/v3/participant-declarations HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  b"Content-Type: application/json\r\n"
                  + f"Content-Length: {args.max_body_bytes + 1}\r\n\r\n".encode())
        status, closed, data = read_answer(s, 3)
    took = time.monotonic() - t0
    c.check(f"a Content-Length above the limit is answered 413 at once ({status or 'nothing'} "
            f"after {took:.2f} s)", status_code(status) == 413 and took < 1.5, data[:300])


def oversized_chunked(args, c):
    chunk = b"a" * 16384
    sent = 0
    status = ""
    data = b""
    with connect(args.port) as s:
        s.sendall(b"POST /api/v3/participant-declarations HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
        try:
            while sent <= args.max_body_bytes + len(chunk) * 4:
                s.sendall(b"4000\r\n" + chunk + b"\r\n")
                sent += len(chunk)
        except OSError:
            pass  # the server answered and closed while chunks were still going
        try:
            status, _, data = read_answer(s, 3)
        except OSError:
            pass
    c.check(f"a chunked body growing past the limit is answered 413 ({status or 'nothing'} "
            f"after {sent} bytes sent)", status_code(status) == 413, data[:300])


def oversized_headers(args, c):
    with connect(args.port) as s:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  + b"Cookie: a=" + b"b" * 20000 + b"\r\n\r\n")
        status, closed, data = read_answer(s, 3)
    c.check(f"a header block above 16 KB is answered 431 ({status or 'nothing'})",
            status_code(status) == 431 and closed, data[:300])


MALFORMED = {
    "no target in the request line": b"GET\r\nHost: a\r\n\r\n",
    "a request line of spaces": b"   \r\n\r\n",
    "a bad HTTP version": b"GET / HTTP/9.Z\r\nHost: a\r\n\r\n",
    "a non-numeric Content-Length": b"POST /users/sign_in HTTP/1.1\r\nHost: a\r\nContent-Length: ten\r\n\r\n",
    "a negative Content-Length": b"POST /users/sign_in HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n",
    "two different Content-Lengths": (b"POST /users/sign_in HTTP/1.1\r\nHost: a\r\n"
                                      b"Content-Length: 1\r\nContent-Length: 2\r\n\r\nab"),
    "a chunk size that is not hex": (b"POST /users/sign_in HTTP/1.1\r\nHost: a\r\n"
                                     b"Transfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n"),
    "a chunk size overflowing 64 bits": (b"POST /users/sign_in HTTP/1.1\r\nHost: a\r\n"
                                         b"Transfer-Encoding: chunked\r\n\r\n"
                                         b"fffffffffffffffffff\r\nab\r\n0\r\n\r\n"),
    "a header name with a space": b"GET / HTTP/1.1\r\nHost: a\r\nBad Name: x\r\n\r\n",
    "a NUL in a header value": b"GET / HTTP/1.1\r\nHost: a\r\nX-A: a\x00b\r\n\r\n",
    "a bare LF line ending mid-header": b"GET / HTTP/1.1\r\nHost: a\nX-A: \x01\r\n\r\n",
}


def malformed(args, c):
    wrong = []
    for name, raw in MALFORMED.items():
        try:
            with connect(args.port) as s:
                s.sendall(raw)
                status, closed, data = read_answer(s, 3)
        except OSError as e:
            status, closed, data = f"error {type(e).__name__}", True, b""
        if status_code(status) != 400 or not closed:
            wrong.append(f"{name}: {status or 'nothing'}{'' if closed else ', left open'}")
    c.check(f"{len(MALFORMED)} malformed requests are answered 400 and their connection closed",
            not wrong, "\n".join(wrong))


def resets(args, c):
    pieces = [b"GET /healthz HTTP/1.1\r\nHo",
              b"POST /users/sign_in HTTP/1.1\r\nHost: a\r\nContent-Length: 50\r\n\r\nabc",
              b"POST /api/v3/participant-declarations HTTP/1.1\r\nHost: a\r\n"
              b"Transfer-Encoding: chunked\r\n\r\n10\r\nabc"]
    errors = 0
    for i in range(200):
        try:
            s = connect(args.port)
            s.sendall(pieces[i % len(pieces)])
            # SO_LINGER 0: close() sends a TCP reset instead of a FIN.
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            s.close()
        except OSError:
            errors += 1
    took, status = healthz(args.port)
    c.check(f"200 clients resetting mid-request harm nothing (/healthz {status} after "
            f"{took:.3f} s)", status == 200 and took < HEALTHZ_PROMPT and errors == 0,
            f"{errors} connections failed")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--header_timeout_ms", type=int, required=True)
    parser.add_argument("--body_timeout_ms", type=int, required=True)
    parser.add_argument("--max_body_bytes", type=int, required=True)
    args = parser.parse_args()
    c = Checks()
    for step in (dribbled_headers, dribbled_body, oversized_content_length, oversized_chunked,
                 oversized_headers, malformed, resets):
        try:
            step(args, c)
        except Exception as e:  # a crashed gateway shows here as refused connections
            c.check(step.__name__.replace("_", " "), False, f"{type(e).__name__}: {e}")
    took, status = healthz(args.port)
    c.check(f"/healthz still answers 200 after all of them ({status} after {took:.3f} s)",
            status == 200)
    print(f"{c.passed} passed, {c.failed} failed", flush=True)
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main())
