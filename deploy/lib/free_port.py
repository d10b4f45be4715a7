"""A TCP port free on 127.0.0.1, for a server about to be started on it.

The port is drawn from outside Linux's ephemeral range (net.ipv4.ip_local_port_range): a port
inside it may be given to any outgoing connection between this check and the server's bind,
and the server then cannot listen. Usage as a script: python3 free_port.py (prints the port)."""
import random
import socket

EPHEMERAL_RANGE_FILE = "/proc/sys/net/ipv4/ip_local_port_range"


def ephemeral_range():
    try:
        with open(EPHEMERAL_RANGE_FILE) as f:
            low, high = (int(part) for part in f.read().split())
            return low, high
    except (OSError, ValueError):
        return 32768, 60999  # Linux's default


def candidate_ranges():
    """Port ranges outside the ephemeral range, largest first; never the well-known ports."""
    low, high = ephemeral_range()
    ranges = [(10000, low - 1), (high + 1, 65535)]
    ranges = [(a, b) for a, b in ranges if b - a >= 1000]
    return sorted(ranges, key=lambda r: r[1] - r[0], reverse=True)


def bindable(port):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def free_port():
    ranges = candidate_ranges()
    for _ in range(200):
        if not ranges:
            break
        low, high = ranges[0]
        port = random.randint(low, high)
        if bindable(port):
            return port
    with socket.socket() as s:  # no range outside the ephemeral one: any free port
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


if __name__ == "__main__":
    print(free_port())
