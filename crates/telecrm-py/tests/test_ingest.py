"""Ingest: the Async API at its rate, with the CLI's journal and summary."""

from __future__ import annotations

import csv
import json
import queue
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Optional

import pytest

import telecrm

# `telecrm lead ingest`'s summary, and its two Async keys.
SUMMARY_KEYS = {
    "lines",
    "sent",
    "ok",
    "refused",
    "refused_count",
    "failed",
    "failed_count",
    "in_doubt",
    "in_doubt_skipped",
    "blocked",
    "skipped",
    "remaining",
    "elapsed_s",
    "stopped",
    "stop_detail",
    "rate_per_hour",
    "sent_per_s",
}


def ingest(sandbox: telecrm.Sandbox, **options: object) -> telecrm.Ingest:
    return telecrm.Ingest(
        sandbox.async_token,
        sandbox.enterprise,
        base_url=sandbox.async_base_url,
        **options,  # type: ignore[arg-type]
    )


def journal_entries(journal: Path) -> list[dict[str, Any]]:
    """The journal's row entries (`{"line", "digest"}`, `"in_doubt"` when in
    doubt), without its first line (`{"input": ...}`)."""
    entries: list[dict[str, Any]] = []
    for text in journal.read_text().splitlines():
        if text.strip():
            entry = json.loads(text)
            if "digest" in entry:
                entries.append(entry)
    return entries


def done_entries(journal: Path) -> list[dict[str, Any]]:
    return [e for e in journal_entries(journal) if not e.get("in_doubt")]


def test_rows_of_dicts_with_a_journal(sandbox: telecrm.Sandbox, tmp_path: Path) -> None:
    journal = tmp_path / "ingest.journal"
    rows = [{"name": f"In {i}", "phone": f"9198777{i:05d}"} for i in range(6)]
    rows.append({"name": "No phone"})
    sender = ingest(sandbox, rate_per_hour=None, concurrency=4, journal=str(journal))
    summary = sender.send(rows)
    assert set(summary) == SUMMARY_KEYS
    assert (summary["lines"], summary["sent"], summary["ok"], summary["skipped"]) == (7, 6, 6, 0)
    assert summary["failed"] == [] and summary["failed_count"] == 0
    assert (summary["stopped"], summary["stop_detail"], summary["remaining"]) == ("finished", None, 0)
    assert summary["refused_count"] == 1
    assert [r["line"] for r in summary["refused"]] == [7]
    assert "phone" in summary["refused"][0]["reason"]
    assert summary["rate_per_hour"] is None
    # The journal's first line names its input; the others are the rows done.
    assert len(done_entries(journal)) == 6

    # A second run sends nothing twice.
    again = sender.send(rows)
    assert (again["sent"], again["ok"], again["skipped"]) == (0, 0, 6)
    assert len(again["refused"]) == 1

    sandbox.drain()
    client = sandbox.client()
    names = {lead.fields["name"] for lead in client.search_leads()}
    assert {f"In {i}" for i in range(6)} <= names


def test_a_csv_file_paced(sandbox: telecrm.Sandbox, tmp_path: Path) -> None:
    csv = tmp_path / "leads.csv"
    csv.write_text(
        'name,phone,deal_size:json,interests:json\n'
        'Asha,919800000901,1000,"[""VIP""]"\n'
        '"Bala, Jr.",919800000902,,\n'
    )
    journal = tmp_path / "csv.journal"
    summary = ingest(sandbox, rate_per_hour=36_000, journal=journal).send(csv)
    assert summary["sent"] == 2
    assert summary["rate_per_hour"] == 36_000
    # Lines are numbered as in the file, as the CLI journals them.
    entries = done_entries(journal)
    assert sorted(e["line"] for e in entries) == [2, 3]
    sandbox.drain()
    asha = next(iter(sandbox.client().search_leads({"fields": {"phone": "919800000901"}})))
    assert asha.fields["deal_size"] == 1000
    assert asha.fields["interests"] == ["VIP"]


def test_a_refused_token_stops_the_run(sandbox: telecrm.Sandbox) -> None:
    sender = telecrm.Ingest(
        "async_wrong", sandbox.enterprise, base_url=sandbox.async_base_url, rate_per_hour=None,
        concurrency=1,
    )
    rows = [{"name": f"X{i}", "phone": f"9198888{i:05d}"} for i in range(5)]
    summary = sender.send(rows)
    assert summary["stopped"] == "fatal_answer"
    assert summary["stop_detail"]["line"] == 1
    assert summary["ok"] == 0
    assert summary["failed"][0]["kind"] == "api"
    assert summary["failed_count"] + summary["remaining"] == 5
    assert summary["remaining"] >= 3


def test_a_dead_server_stops_after_five_transport_failures(tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    sender = telecrm.Ingest(
        "async_t0k3n", "ent-1", base_url=f"http://127.0.0.1:{port}/async", rate_per_hour=None,
        concurrency=1,
    )
    rows = [{"name": f"D{i}", "phone": f"9198999{i:05d}"} for i in range(20)]
    summary = sender.send(rows)
    assert summary["stopped"] == "transport_failures"
    assert summary["failed_count"] == 5
    assert {f["kind"] for f in summary["failed"]} == {"transport"}
    assert summary["remaining"] == 15


def test_a_row_refused_before_sending_holds_back_its_leads_later_rows(
    sandbox: telecrm.Sandbox,
) -> None:
    rows = [
        {"name": "Bad email", "phone": "919877700001", "email": "not-an-email"},
        {"name": "Same lead, later", "phone": "919877700001"},
        {"name": "Same lead, later still", "phone": "919877700001"},
        {"name": "Another lead", "phone": "919877700002"},
    ]
    summary = ingest(sandbox, rate_per_hour=None, concurrency=4).send(rows)
    assert set(summary) == SUMMARY_KEYS
    assert summary["refused_count"] == 1
    assert summary["refused"][0]["line"] == 1 and "email" in summary["refused"][0]["reason"]
    # Lines 2 and 3 wait for a re-run, so that the lead's rows go in order.
    assert summary["blocked"] == 2
    assert (summary["lines"], summary["sent"], summary["ok"]) == (4, 1, 1)
    assert (summary["failed_count"], summary["remaining"], summary["stopped"]) == (0, 0, "finished")


def read_line(stream: IO[str], timeout: float) -> str:
    """The next line of a child's output, waiting at most `timeout` seconds."""
    got: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: got.put(stream.readline()), daemon=True).start()
    try:
        return got.get(timeout=timeout)
    except queue.Empty:
        raise AssertionError(f"no line from the child in {timeout} s") from None


LOCK_HOLDER = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o644)
fcntl.flock(fd, fcntl.LOCK_EX)
print("locked", flush=True)
sys.stdin.readline()  # holds the lock until the parent closes stdin
"""


def test_a_journal_locked_by_another_process_is_refused_naming_it(
    sandbox: telecrm.Sandbox, tmp_path: Path
) -> None:
    journal = tmp_path / "held.journal"
    rows = [{"name": f"L{i}", "phone": f"91987710000{i}"} for i in range(2)]
    sender = ingest(sandbox, rate_per_hour=None, journal=journal)
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(journal)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdin is not None
        assert read_line(holder.stdout, 20).strip() == "locked"
        with pytest.raises(telecrm.TelecrmError) as caught:
            sender.send(rows)
        assert str(journal) in str(caught.value)
        assert "in use" in str(caught.value)
        holder.stdin.close()
        assert holder.wait(timeout=10) == 0
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait(timeout=10)
    # Nothing was sent while it was held; once released, the run goes.
    summary = sender.send(rows)
    assert (summary["sent"], summary["ok"], summary["skipped"]) == (2, 2, 0)
    assert len(done_entries(journal)) == 2


def test_rejects_of_json_rows(sandbox: telecrm.Sandbox, tmp_path: Path) -> None:
    rejects = tmp_path / "rejects.jsonl"
    rows = [
        {"name": "Good", "phone": "919877200001"},
        {"name": "No phone"},
        {"name": "Bad email", "phone": "919877200002", "email": "nope"},
    ]
    summary = ingest(sandbox, rate_per_hour=None, rejects=rejects).send(rows)
    assert (summary["ok"], summary["refused_count"]) == (1, 2)
    entries = [json.loads(l) for l in rejects.read_text().splitlines() if l.strip()]
    assert [e["line"] for e in entries] == [2, 3]
    assert all(set(e) == {"line", "reason", "row"} for e in entries)
    assert json.loads(entries[0]["row"]) == {"fields": {"name": "No phone"}}
    assert "phone" in entries[0]["reason"]
    assert json.loads(entries[1]["row"])["fields"]["email"] == "nope"
    assert "email" in entries[1]["reason"]
    assert [r["reason"] for r in summary["refused"]] == [e["reason"] for e in entries]


def test_rejects_of_a_csv_file(sandbox: telecrm.Sandbox, tmp_path: Path) -> None:
    source = tmp_path / "leads.csv"
    source.write_text(
        "name,phone,email\n"
        "Good,919877300001,\n"
        '"Bad, email",919877300002,not-an-email\n'
        "Short,919877300003\n"
        "No phone,,a@b.co\n"
    )
    rejects = tmp_path / "rejects.csv"
    summary = ingest(sandbox, rate_per_hour=None, rejects=rejects).send(source)
    assert (summary["lines"], summary["ok"], summary["refused_count"]) == (4, 1, 3)
    with rejects.open(newline="") as f:
        written = list(csv.reader(f))
    assert written[0] == ["name", "phone", "email", "#line", "#reason"]
    body = written[1:]
    assert [row[:-1] for row in body] == [
        ["Bad, email", "919877300002", "not-an-email", "3"],
        ["Short", "919877300003", "4"],
        ["No phone", "", "a@b.co", "5"],
    ]
    assert "email" in body[0][-1]
    assert "header has 3 columns" in body[1][-1]
    assert "phone" in body[2][-1]


class TinyServer:
    """An HTTP server on 127.0.0.1, on a thread, for at most `limit`
    connections (and at most 60 s): it reads each request whole (head and
    body), then sends `answer` and closes, or, when `answer` is None, closes
    without answering (the request arrived, its answer is lost)."""

    def __init__(self, answer: Optional[bytes], limit: int) -> None:
        self.answer = answer
        self.limit = limit
        self.requests: list[bytes] = []
        self.done = threading.Event()
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.port: int = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self.serve, daemon=True)

    def serve(self) -> None:
        until = time.monotonic() + 60
        served = 0
        while served < self.limit and not self.done.is_set() and time.monotonic() < until:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            served += 1
            with conn:
                conn.settimeout(5)
                try:
                    self.requests.append(self.read_request(conn))
                    if self.answer is not None:
                        conn.sendall(self.answer)
                except OSError:
                    pass

    @staticmethod
    def read_request(conn: socket.socket) -> bytes:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return data
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        while len(body) < length:
            chunk = conn.recv(65536)
            if not chunk:
                break
            body += chunk
        return head + b"\r\n\r\n" + body

    def __enter__(self) -> TinyServer:
        self.thread.start()
        return self

    def __exit__(
        self,
        kind: Optional[type[BaseException]],
        value: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        self.done.set()
        self.thread.join(timeout=5)
        self.sock.close()

    @property
    def async_base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/async"


def test_rejects_get_the_servers_refusal(tmp_path: Path) -> None:
    body = b'{"error":{"code":"BAD_REQUEST","message":"the lead is malformed"}}'
    answer = (
        b"HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n"
        b"Connection: close\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
    )
    rejects = tmp_path / "rejects.jsonl"
    rows = [{"name": f"R{i}", "phone": f"91987740000{i}"} for i in range(2)]
    with TinyServer(answer, limit=10) as server:
        sender = telecrm.Ingest(
            "async_t0k3n", "ent-1", base_url=server.async_base_url, rate_per_hour=None,
            concurrency=1, rejects=rejects,
        )
        summary = sender.send(rows)
    assert (summary["sent"], summary["ok"], summary["failed_count"]) == (2, 0, 2)
    assert {f["kind"] for f in summary["failed"]} == {"api"}
    assert summary["stopped"] == "finished"
    entries = [json.loads(l) for l in rejects.read_text().splitlines() if l.strip()]
    assert [e["line"] for e in entries] == [1, 2]
    for entry in entries:
        assert set(entry) == {"line", "reason", "row", "status", "code", "message"}
        assert (entry["status"], entry["code"]) == (400, "BAD_REQUEST")
        assert entry["message"] == "the lead is malformed"
        assert "400" in entry["reason"]


def test_a_byte_order_mark_is_skipped(sandbox: telecrm.Sandbox, tmp_path: Path) -> None:
    source = tmp_path / "leads.jsonl"
    source.write_bytes(
        b"\xef\xbb\xbf"
        b'{"fields":{"name":"Bom 1","phone":"919877500001"}}\n'
        b'{"fields":{"name":"Bom 2","phone":"919877500002"}}\n'
    )
    summary = ingest(sandbox, rate_per_hour=None).send(source)
    assert (summary["lines"], summary["sent"], summary["ok"]) == (2, 2, 2)
    assert summary["refused_count"] == 0 and summary["refused"] == []


def test_a_key_written_twice_is_refused_naming_it(
    sandbox: telecrm.Sandbox, tmp_path: Path
) -> None:
    source = tmp_path / "leads.jsonl"
    source.write_text(
        '{"fields":{"name":"First","phone":"919877600001","name":"Second"}}\n'
        '{"fields":{"name":"Fine","phone":"919877600002"}}\n'
    )
    summary = ingest(sandbox, rate_per_hour=None).send(str(source))
    assert (summary["lines"], summary["sent"], summary["ok"]) == (2, 1, 1)
    assert [r["line"] for r in summary["refused"]] == [1]
    reason = summary["refused"][0]["reason"]
    assert '"name"' in reason and "twice" in reason


def test_an_integer_past_64_bits_in_a_json_cell_is_refused(
    sandbox: telecrm.Sandbox, tmp_path: Path
) -> None:
    source = tmp_path / "leads.csv"
    source.write_text(
        "name,phone,deal_size:json\n"
        "Big,919877600011,123456789012345678901234\n"
        "Small,919877600012,5\n"
    )
    summary = ingest(sandbox, rate_per_hour=None).send(source)
    assert (summary["lines"], summary["sent"], summary["ok"]) == (2, 1, 1)
    assert [r["line"] for r in summary["refused"]] == [2]
    reason = summary["refused"][0]["reason"]
    assert "deal_size" in reason and "64 bits" in reason


def test_a_csv_quote_that_never_closes_is_refused_and_nothing_after_it_sent(
    sandbox: telecrm.Sandbox, tmp_path: Path
) -> None:
    source = tmp_path / "leads.csv"
    source.write_text(
        "name,phone\n"
        "Asha,919877600021\n"
        '"Bala,919877600022\n'
        "Cira,919877600023\n"
        "Devi,919877600024\n"
    )
    summary = ingest(sandbox, rate_per_hour=None).send(source)
    assert (summary["sent"], summary["ok"], summary["refused_count"]) == (1, 1, 1)
    assert [r["line"] for r in summary["refused"]] == [3]
    assert "line 3" in summary["refused"][0]["reason"]
    sandbox.drain()
    phones = {lead.fields.get("phone") for lead in sandbox.client().search_leads()}
    assert not phones & {"919877600022", "919877600023", "919877600024"}


def test_an_empty_input_warns(sandbox: telecrm.Sandbox, tmp_path: Path) -> None:
    sender = ingest(sandbox, rate_per_hour=None)
    with pytest.warns(UserWarning, match="no rows"):
        summary = sender.send([])
    assert (summary["lines"], summary["sent"]) == (0, 0)
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    with pytest.warns(UserWarning, match="no rows"):
        summary = sender.send(empty)
    assert (summary["lines"], summary["sent"], summary["stopped"]) == (0, 0, "finished")


def test_rows_in_doubt_are_not_resent_unless_asked(tmp_path: Path) -> None:
    journal = tmp_path / "doubt.journal"
    # Rows with actions: the service appends them, so a row whose answer
    # was lost must not be repeated (one of fields only may be, and is
    # retried by the transport instead).
    rows: list[dict[str, Any]] = [
        {
            "fields": {"name": f"Doubt {i}", "phone": f"91987780000{i}"},
            "actions": [{"type": "1001", "fields": {"note": "visit"}}],
        }
        for i in range(3)
    ]

    def send(server: TinyServer, resend_in_doubt: bool = False) -> dict[str, Any]:
        return telecrm.Ingest(
            "async_t0k3n", "ent-1", base_url=server.async_base_url, rate_per_hour=None,
            concurrency=1, journal=journal, resend_in_doubt=resend_in_doubt,
        ).send(rows)

    with TinyServer(None, limit=30) as server:
        first = send(server)
    assert set(first) == SUMMARY_KEYS
    assert len(server.requests) == 3, "each row sent once"
    assert (first["sent"], first["ok"], first["in_doubt"]) == (3, 0, 3)
    assert first["failed_count"] == 3
    assert {f["kind"] for f in first["failed"]} == {"in_doubt"}
    entries = journal_entries(journal)
    assert sorted(e["line"] for e in entries) == [1, 2, 3]
    assert all(e.get("in_doubt") is True for e in entries)

    with TinyServer(None, limit=30) as server:
        again = send(server)
    assert (again["sent"], again["in_doubt_skipped"], again["in_doubt"]) == (0, 3, 0)
    assert server.requests == []

    with TinyServer(None, limit=30) as server:
        resent = send(server, resend_in_doubt=True)
    assert resent["sent"] == 3 and resent["in_doubt_skipped"] == 0
    # Each row sent once: a request that may have arrived is never repeated.
    assert len(server.requests) == 3
