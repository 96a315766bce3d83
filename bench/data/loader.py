"""Write generated rows: COPY from in-memory chunks on PostgreSQL (a second thread sends one
chunk while the next is generated), executemany on SQLite; a progress bar and rows/s per table,
and one digest of every row written, so two runs can be compared."""

from __future__ import annotations

import hashlib
import io
import queue
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass

from bench.data.tables import Table

CHUNK_ROWS = 50_000


@dataclass
class TableFigure:
    label: str
    table: str
    rows: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


class Progress:
    """A one-line bar redrawn in place on a terminal; a plain final line otherwise."""

    WIDTH = 28

    def __init__(self, stream, *, live: bool):
        self.stream = stream
        self.live = live

    def draw(self, label: str, done: int, expected: int, started: float) -> None:
        if not self.live:
            return
        elapsed = max(time.perf_counter() - started, 1e-9)
        share = min(done / expected, 1.0) if expected else 1.0
        filled = int(share * self.WIDTH)
        bar = "#" * filled + "." * (self.WIDTH - filled)
        self.stream.write(
            f"\r  {label:<28} [{bar}] {share:4.0%} {done:>11,} rows {done / elapsed:>10,.0f}/s",
            ending="",
        )
        self.stream.flush()

    def finish(self, figure: TableFigure) -> None:
        prefix = "\r" if self.live else ""
        self.stream.write(
            f"{prefix}  {figure.label:<28} {figure.rows:>11,} rows in {figure.seconds:6.1f} s "
            f"{figure.per_second:>10,.0f} rows/s" + " " * 20
        )


class _CopyThread:
    """Sends chunks to PostgreSQL while the main thread builds the next one (two cores)."""

    def __init__(self, raw_connection):
        self.raw = raw_connection
        self.chunks: queue.Queue = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        with self.raw.cursor() as cursor:
            while True:
                item = self.chunks.get()
                try:
                    if item is None:
                        return
                    if self.error is None:
                        sql, data = item
                        cursor.copy_expert(sql, io.BytesIO(data))
                except BaseException as error:  # raised again in the main thread
                    self.error = error
                finally:
                    self.chunks.task_done()

    def send(self, sql: str, data: bytes) -> None:
        self.raise_error()
        self.chunks.put((sql, data))

    def wait(self) -> None:
        """Until every chunk sent is in the table: a table's rows/s counts the database too."""
        self.chunks.join()
        self.raise_error()

    def close(self) -> None:
        self.chunks.put(None)
        self.thread.join()

    def raise_error(self):
        if self.error is not None:
            raise self.error


class Loader:
    """The one way rows reach the database. Use it inside one transaction."""

    def __init__(self, connection, progress: Progress):
        self.connection = connection
        self.progress = progress
        self.digest = hashlib.sha256()
        self.figures: list[TableFigure] = []
        self._copy: _CopyThread | None = None

    def __enter__(self):
        if self.connection.vendor == "postgresql":
            self.connection.ensure_connection()
            self._copy = _CopyThread(self.connection.connection)
        return self

    def __exit__(self, *exc):
        if self._copy is not None:
            self._copy.close()
            self._copy = None
        return False

    def write(self, table: Table, rows: Iterable[tuple], expected: int = 0) -> int:
        started = time.perf_counter()
        written = 0
        batch: list[tuple] = []
        for row in rows:
            batch.append(row)
            if len(batch) == CHUNK_ROWS:
                self._flush(table, batch)
                written += len(batch)
                batch = []
                self.progress.draw(table.label, written, expected, started)
        if batch:
            self._flush(table, batch)
            written += len(batch)
        if self._copy is not None:
            self._copy.wait()
        figure = TableFigure(table.label, table.name, written, time.perf_counter() - started)
        self.figures.append(figure)
        self.progress.finish(figure)
        return written

    def _flush(self, table: Table, batch: list[tuple]) -> None:
        line = table.line
        data = "".join([line(row) for row in batch]).encode()
        self.digest.update(table.name.encode())
        self.digest.update(data)
        if self._copy is not None:
            self._copy.send(f"COPY {table.name} ({', '.join(table.columns)}) FROM STDIN", data)
        else:
            self._insert(table, batch)

    def _insert(self, table: Table, batch: list[tuple]) -> None:
        """SQLite (small sizes): each field prepares its own values, as the ORM would."""
        connection = self.connection
        fields = table.fields
        placeholders = ", ".join(["%s"] * len(fields))
        quote = connection.ops.quote_name
        sql = (
            f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in table.columns)}) "
            f"VALUES ({placeholders})"
        )
        values = [
            [
                field.get_db_prep_save(value, connection)
                for field, value in zip(fields, table.full_row(row), strict=True)
            ]
            for row in batch
        ]
        with connection.cursor() as cursor:
            cursor.executemany(sql, values)
