#!/usr/bin/env python3
"""Listens where systemd would (a NOTIFY_SOCKET datagram socket) and writes each
message it receives as "SECONDS MESSAGE" (CLOCK_MONOTONIC) to OUT, one line each.

usage: notify_listener.py SOCKET OUT MAX_SECONDS
SOCKET is a path, or an abstract name with a leading '@' as in NOTIFY_SOCKET. It stops
after MAX_SECONDS, or as soon as it has received STOPPING=1 and a second has passed.
"""
import os
import socket
import sys
import time


def main():
    name, out_path, max_s = sys.argv[1], sys.argv[2], float(sys.argv[3])
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind("\0" + name[1:] if name.startswith("@") else name)
    sock.settimeout(0.1)
    end = time.monotonic() + max_s
    with open(out_path + ".tmp", "w") as out:
        os.rename(out_path + ".tmp", out_path)  # present once bound: the kiosk may start
        while time.monotonic() < end:
            try:
                data = sock.recv(4096)
            except socket.timeout:
                continue
            for msg in data.decode("utf-8", "replace").split("\n"):
                if msg:
                    out.write(f"{time.monotonic():.3f} {msg}\n")
                    out.flush()
                if msg == "STOPPING=1":
                    end = min(end, time.monotonic() + 1)
    if not name.startswith("@"):
        os.unlink(name)


if __name__ == "__main__":
    main()
