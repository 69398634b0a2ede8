"""Ingest: the Async API at its rate, with the CLI's journal and summary."""

from __future__ import annotations

import json
from pathlib import Path

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
    assert len([l for l in journal.read_text().splitlines() if l.strip()]) == 6

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
    entries = [json.loads(l) for l in journal.read_text().splitlines() if l.strip()]
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
