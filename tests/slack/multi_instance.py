"""Several real ``layoffbot slack`` processes behind a round-robin TCP proxy on 127.0.0.1.

The proxy hands each new connection to the next backend in turn (urllib opens one connection
per request, so consecutive requests alternate between instances) and records who got which.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

from slack_fakes import RunningApp

__all__ = ["ProxyClient", "RoundRobinProxy", "SlackProcess", "free_port"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RoundRobinProxy:
    """A TCP proxy: connection n goes to ``backends[n % len(backends)]``."""

    def __init__(self, backends: list[int]) -> None:
        self.backends = backends
        self.served: list[int] = []
        self._turn = itertools.count()
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.AbstractServer | None = None
        self.port = 0
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    def start(self) -> RoundRobinProxy:
        self._thread.start()
        self._server = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._handle, "127.0.0.1", 0), self._loop).result(10)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    def stop(self) -> None:
        async def shut() -> None:
            if self._server is not None:
                self._server.close()

        asyncio.run_coroutine_threadsafe(shut(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def next_backend(self) -> int:
        return next(self._turn) % len(self.backends)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        index = self.next_backend()
        self.served.append(index)
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.backends[index])

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            try:
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            except (ConnectionError, asyncio.CancelledError):
                pass
            finally:
                try:
                    dst.close()
                except RuntimeError:
                    pass

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))


class SlackProcess:
    """``python -m cli slack`` in HTTP mode on a free port, logging to a file."""

    def __init__(self, tmp_path: Path, name: str, env: dict[str, str], *args: str) -> None:
        self.port = free_port()
        self.log_file = tmp_path / f"{name}.log"
        with self.log_file.open("w") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "cli", "slack", "--host", "127.0.0.1", "--port", str(self.port), *args],
                env={**os.environ, **env}, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT)

    def wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=2) as resp:
                    if resp.status == 200:
                        return
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(self.log_file.read_text())
            time.sleep(0.1)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


class ProxyClient(RunningApp):
    """RunningApp's signed-request helpers, aimed at the proxy instead of one app."""

    def __init__(self, url: str, fake: Any) -> None:
        self._url = url
        self.fake = fake

    @property
    def url(self) -> str:
        return self._url
