"""Peak memory of ``telecrm.Ingest.send`` on a big file (issue 29).

Writes a JSON-lines file of ``--mb`` megabytes (rows of about 32 KB), serves
a loopback Async API in a child process that answers every request
``200 {"status": "QUEUED"}``, sends the file with ``Ingest`` (no pace,
concurrency 8) and prints the process's peak RSS (``ru_maxrss``) before and
after, and the summary's counts.

    python crates/telecrm-py/bench/ingest_rss.py --mb 1024
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

import telecrm

SERVER = r"""
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        body = b'{"status":"QUEUED"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass

server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.timeout = 1
deadline = float(sys.argv[1])
import time
while time.time() < deadline:
    server.handle_request()
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=1024)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "big.jsonl")
        note = "x" * 32_000
        rows = 0
        with open(path, "w") as out:
            while out.tell() < args.mb * 1024 * 1024:
                lead = {"fields": {"name": f"R{rows}", "phone": f"91{rows:010d}", "note": note}}
                out.write(json.dumps(lead) + "\n")
                rows += 1
        server = subprocess.Popen(
            [sys.executable, "-c", SERVER, str(time.time() + 900)],
            stdout=subprocess.PIPE, text=True,
        )
        try:
            assert server.stdout is not None
            port = int(server.stdout.readline())
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            started = time.monotonic()
            summary = telecrm.Ingest(
                "async_t0k3n", "603d2b2f9b1e8a001c8e4f5a",
                base_url=f"http://127.0.0.1:{port}/async", rate_per_hour=None, concurrency=8,
            ).send(path)
            elapsed = time.monotonic() - started
            after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        finally:
            server.kill()
        print(json.dumps({
            "mb": args.mb, "rows": rows, "ok": summary["ok"], "lines": summary["lines"],
            "peak_rss_kb_before": before, "peak_rss_kb": after, "elapsed_s": round(elapsed, 1),
        }))


if __name__ == "__main__":
    main()
