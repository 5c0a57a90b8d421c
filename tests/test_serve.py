"""The dev server: it builds, serves on 127.0.0.1, rebuilds when a record is saved, shows a broken build's
error instead of stale pages, and comes back when the file is fixed. No timing asserts: waits are bounded.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sitegen.serve import snapshot
from tests.conftest import MINI, REPO, copy_registry

UNIT = "unit/alfa/kantor-alfa-surabaya/"
LIMIT = 60.0


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(port: int, route: str) -> tuple[int, str]:
    """Status and body of a page (an HTTP error status is an answer too)."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/{route}", timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def wait_for(check: Callable[[], bool], what: str, process: subprocess.Popen) -> None:
    """Poll until check() holds; fail with the server's output if it never does or the server dies."""
    deadline = time.monotonic() + LIMIT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server stopped ({process.returncode}) waiting for {what}")
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"no {what} within {LIMIT:.0f} s")


def listening_addresses(port: int) -> set[str]:
    """The local addresses (hex, as /proc/net/tcp shows them) of sockets listening on a port."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].split(":")
            if int(hex_port, 16) == port and fields[3] == "0A":  # 0A: LISTEN
                found.add(address)
    return found


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[tuple[subprocess.Popen, int, Path]]:
    """`build.py serve` over a copy of the mini registry, on a free port with the default host."""
    root = copy_registry(MINI, tmp_path / "root")
    port = free_port()
    process = subprocess.Popen([sys.executable, "build.py", "serve", "--root", str(root), "--out",
                                str(tmp_path / "public"), "--port", str(port)], cwd=REPO,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: fetch(port, UNIT)[0] == 200, "first build", process)
        yield process, port, root
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_dev_server_sees_an_edit_of_the_same_size_an_added_file_and_a_removed_one(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "awards").mkdir(parents=True)
    awards = data / "awards" / "2020.yaml"
    awards.write_text("predicate: WBK\n")
    os.utime(awards, ns=(10**18, 10**18))  # saved long ago
    before = snapshot([data])
    awards.write_text("predicate: WBX\n")  # the same size: only the modification time tells
    edited = snapshot([data])
    assert edited != before and edited.keys() == before.keys()
    (data / "institutions.yaml").write_text("{}\n")
    added = snapshot([data])
    assert added.keys() == {awards, data / "institutions.yaml"}
    awards.unlink()
    assert snapshot([data]).keys() == {data / "institutions.yaml"}


def test_the_dev_server_listens_on_this_machine_only_by_default(server: tuple) -> None:
    _, port, _ = server
    assert listening_addresses(port) == {"0100007F"}  # 127.0.0.1


def test_a_saved_record_shows_a_broken_file_shows_its_error_and_fixing_it_brings_the_page_back(
        server: tuple) -> None:
    process, port, root = server
    assert "alfa-surabaya-2020-sk" not in fetch(port, UNIT)[1]
    awards = root / "data" / "awards" / "2020.yaml"
    good = awards.read_text().replace('"https://contoh.invalid/alfa-surabaya-2020"',
                                      '"https://contoh.invalid/alfa-surabaya-2020-sk"')
    awards.write_text(good)
    wait_for(lambda: "alfa-surabaya-2020-sk" in fetch(port, UNIT)[1], "edited record on the page", process)

    awards.write_text(good.replace("predicate: WBBM", "predicate: WBX", 1))
    wait_for(lambda: fetch(port, UNIT)[0] == 500, "error page", process)
    status, body = fetch(port, UNIT)
    assert status == 500
    assert "data/awards/2020.yaml:8:16: predicate &#x27;WBX&#x27; is not one of WBK, WBBM" in body, body

    awards.write_text(good)
    wait_for(lambda: fetch(port, UNIT)[0] == 200, "page back after the fix", process)
    assert "alfa-surabaya-2020-sk" in fetch(port, UNIT)[1]


def raw_status(port: int, path: str, headers: dict[str, str]) -> int:
    """The status line's code of a request sent as these exact bytes (urllib would refuse a NUL or a foreign Host)."""
    lines = [f"GET {path} HTTP/1.1", *(f"{k}: {v}" for k, v in headers.items()), "", ""]
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall("\r\n".join(lines).encode("latin-1"))
        return int(sock.recv(200).split(b" ", 2)[1])


def test_the_dev_server_answers_only_its_own_host_and_bad_paths_are_not_found(server: tuple) -> None:
    _, port, _ = server
    own = {"Host": f"127.0.0.1:{port}", "Connection": "close"}
    assert raw_status(port, f"/{UNIT}", own) == 200
    assert raw_status(port, f"/{UNIT}", {**own, "Host": f"localhost:{port}"}) == 200
    assert raw_status(port, f"/{UNIT}", {**own, "Host": f"evil.example:{port}"}) == 421  # DNS rebinding
    assert raw_status(port, f"/{UNIT}", {**own, "Host": f"127.0.0.2:{port}"}) == 200  # an address needs no DNS
    assert raw_status(port, f"/{UNIT}", {**own, "Host": "127.0.0.1:1"}) == 421
    assert raw_status(port, "/livereload.js", {**own, "Host": f"evil.example:{port}"}) == 421
    assert raw_status(port, "/a%00b/", own) == 404
    assert raw_status(port, "/" + "a" * 5000 + "/", own) == 404


@pytest.mark.parametrize(("origin", "status"), [("http://127.0.0.1:{port}", 101), ("http://evil.example", 403),
                                                ("null", 403)])
def test_the_reload_websocket_accepts_only_the_dev_servers_own_pages(server: tuple, origin: str, status: int) -> None:
    _, port, _ = server
    handshake = {"Host": f"127.0.0.1:{port}", "Connection": "Upgrade", "Upgrade": "websocket",
                 "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
                 "Origin": origin.format(port=port)}
    assert raw_status(port, "/livereload", handshake) == status


def test_pages_carry_no_inline_script_from_the_dev_server(server: tuple) -> None:
    _, port, _ = server
    page = fetch(port, UNIT)[1]
    assert f'<script defer src="/livereload.js?port={port}"></script>' in page
    assert "<script>" not in page and 'type="text/javascript">' not in page  # livereload's own inline loader
