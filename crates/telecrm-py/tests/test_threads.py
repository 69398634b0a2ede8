"""The blocking client from many threads: the GIL is released during I/O."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import telecrm

LEAD = telecrm.Sandbox.SEED_LEAD


def test_one_client_many_threads(client: telecrm.Client) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        leads = list(pool.map(lambda _: client.get_lead(LEAD), range(200)))
    assert len(leads) == 200
    assert {lead.fields["name"] for lead in leads} == {"Jane Doe"}


def test_creates_from_threads_do_not_collide(client: telecrm.Client) -> None:
    def create(i: int) -> str:
        return client.create_lead({"name": f"T{i}", "phone": f"9198555{i:05d}"}).lead_id

    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = list(pool.map(create, range(40)))
    assert len(set(ids)) == 40
    assert len(list(client.search_leads(page_size=7))) == 41


def test_one_iterator_shared_by_threads_yields_each_item_once(client: telecrm.Client) -> None:
    for i in range(9):
        client.create_lead({"name": f"S{i}", "phone": f"9198666{i:05d}"})
    leads = client.search_leads(page_size=2)
    seen: list[str] = []
    lock = threading.Lock()

    def drain() -> None:
        for lead in leads:
            with lock:
                seen.append(lead.id or "")

    threads = [threading.Thread(target=drain) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(seen) == len(set(seen)) == 10


def test_the_gil_is_released_while_a_call_waits() -> None:
    import socket

    # A server that answers after 0.5 s: meanwhile another thread must run.
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]

        def answer() -> None:
            conn, _ = server.accept()
            with conn:
                conn.recv(65536)
                time.sleep(0.5)
                body = b'{"id":"e1","name":"Slow"}'
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: "
                    + str(len(body)).encode()
                    + b"\r\nconnection: close\r\n\r\n"
                    + body
                )

        threading.Thread(target=answer, daemon=True).start()
        ticks = 0
        done = threading.Event()

        def count() -> None:
            nonlocal ticks
            while not done.is_set():
                ticks += 1
                time.sleep(0.01)

        counter = threading.Thread(target=count)
        counter.start()
        client = telecrm.Client("t0k3n", "e1", base_url=f"http://127.0.0.1:{port}/v2")
        meta = client.metadata()
        done.set()
        counter.join()
        assert meta.name == "Slow"
        assert ticks >= 20, f"the other thread ran {ticks} times in 0.5 s"
