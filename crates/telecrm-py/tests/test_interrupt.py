"""Ctrl-C: `Ingest.send` stops gracefully (the rows in flight finish and are
journaled, then KeyboardInterrupt carries the summary), and a blocking
`Client` call gives up at once instead of waiting for its deadline. Each
test runs the code in a child process and sends it SIGINT."""

from __future__ import annotations

import json
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any, Optional

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process")

ROWS = 60

INGEST = """
import json, sys
import telecrm

state, journal, rate = sys.argv[1], sys.argv[2], sys.argv[3]
rows = [{"name": f"Interrupted {i}", "phone": f"91987900{i:04d}"} for i in range(%d)]
with telecrm.Sandbox(state=state) as sandbox:
    sender = telecrm.Ingest(
        sandbox.async_token,
        sandbox.enterprise,
        base_url=sandbox.async_base_url,
        rate_per_hour=None if rate == "none" else int(rate),
        journal=journal,
        concurrency=2,
    )
    print("started", flush=True)
    try:
        summary = sender.send(rows)
    except KeyboardInterrupt as e:
        print(json.dumps(e.summary), flush=True)
        sys.exit(0)
    print(json.dumps(summary), flush=True)
""" % ROWS

GET_LEAD = """
import sys
import telecrm

client = telecrm.Client("t0k3n", "ent-1", base_url=f"http://127.0.0.1:{sys.argv[1]}/v2", timeout=30)
print("calling", flush=True)
try:
    client.get_lead(telecrm.Sandbox.SEED_LEAD)
except KeyboardInterrupt:
    print("interrupted", flush=True)
    sys.exit(0)
print("returned", flush=True)
sys.exit(1)
"""


class Child:
    """A Python child process whose output is read line by line on a thread,
    so that every wait for it is bounded."""

    def __init__(self, script: Path, *args: str) -> None:
        self.stderr_path = script.with_suffix(".stderr")
        self.stderr = self.stderr_path.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, str(script), *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        assert self.proc.stdout is not None
        self.reader = threading.Thread(target=self.read, args=(self.proc.stdout,), daemon=True)
        self.reader.start()

    def read(self, stdout: IO[str]) -> None:
        for line in stdout:
            self.lines.put(line.rstrip("\n"))

    def expect(self, want: str, timeout: float) -> None:
        try:
            got = self.lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"the child did not print {want!r} in {timeout} s{self.errors()}") from None
        assert got == want, f"the child printed {got!r}, not {want!r}{self.errors()}"

    def wait(self, timeout: float) -> int:
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"the child did not end in {timeout} s{self.errors()}") from None

    def last_line(self) -> str:
        """The last line printed, once the child has ended."""
        self.reader.join(timeout=5)
        out = ""
        while not self.lines.empty():
            out = self.lines.get()
        return out

    def errors(self) -> str:
        self.stderr.flush()
        text = self.stderr_path.read_text() if self.stderr_path.exists() else ""
        return f"; its stderr: {text}" if text else ""

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self.stderr.close()


def done_entries(journal: Path) -> list[dict[str, Any]]:
    """The journal's rows done: lines with a digest, not in doubt."""
    entries: list[dict[str, Any]] = []
    for text in journal.read_text().splitlines():
        if text.strip():
            entry = json.loads(text)
            if "digest" in entry and "in_doubt" not in entry:
                entries.append(entry)
    return entries


def run_ingest(tmp_path: Path, name: str, rate: str, interrupt_after: Optional[float]) -> dict[str, Any]:
    script = tmp_path / f"{name}.py"
    script.write_text(INGEST)
    child = Child(script, str(tmp_path / "sandbox.db"), str(tmp_path / "ingest.journal"), rate)
    try:
        child.expect("started", timeout=30)
        if interrupt_after is not None:
            time.sleep(interrupt_after)
            child.proc.send_signal(signal.SIGINT)
            signalled = time.monotonic()
            assert child.wait(timeout=2) == 0, child.errors()
            assert time.monotonic() - signalled < 2
        else:
            assert child.wait(timeout=60) == 0, child.errors()
        summary: dict[str, Any] = json.loads(child.last_line())
        return summary
    finally:
        child.close()


def test_ctrl_c_stops_ingest_gracefully_and_a_rerun_sends_the_rest(tmp_path: Path) -> None:
    journal = tmp_path / "ingest.journal"
    # Paced at one a second: a few rows are sent before the signal.
    first = run_ingest(tmp_path, "first", "3600", interrupt_after=2.5)
    assert first["stopped"] == "interrupted", first
    assert first["ok"] >= 1, first
    assert first["ok"] < ROWS, first
    assert first["failed_count"] == 0 and first["in_doubt"] == 0, first
    assert first["ok"] + first["remaining"] == ROWS, first
    # Every row applied is journaled, and nothing else.
    assert len(done_entries(journal)) == first["ok"]

    second = run_ingest(tmp_path, "second", "none", interrupt_after=None)
    assert second["stopped"] == "finished", second
    assert second["skipped"] == first["ok"], second
    assert second["ok"] == ROWS - first["ok"], second
    assert second["sent"] == ROWS - first["ok"], second
    assert len(done_entries(journal)) == ROWS


def test_ctrl_c_interrupts_a_blocking_call_at_once(tmp_path: Path) -> None:
    # Accepts connections (the kernel's backlog) and never answers.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        port = silent.getsockname()[1]
        script = tmp_path / "get_lead.py"
        script.write_text(GET_LEAD)
        child = Child(script, str(port))
        try:
            child.expect("calling", timeout=30)
            # Let the call reach its wait for the answer.
            time.sleep(0.5)
            child.proc.send_signal(signal.SIGINT)
            signalled = time.monotonic()
            assert child.wait(timeout=2) == 0, child.errors()
            assert time.monotonic() - signalled < 2
            child.expect("interrupted", timeout=5)
        finally:
            child.close()
