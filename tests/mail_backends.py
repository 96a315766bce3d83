"""E-mail backends for tests that point EMAIL_BACKEND at a dotted path: a server that refuses
every message, one that cannot be reached, and a slow one that records who sent what."""

import smtplib
import threading
import time

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class RefusingBackend(LocmemBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPDataError(554, b"5.7.1 Mailbox unavailable")


class UnreachableBackend(LocmemBackend):
    def open(self):
        raise ConnectionRefusedError(111, "Connection refused")


class SlowLocmemBackend(LocmemBackend):
    """Slow enough for two sweeps to overlap; records every send in one list."""

    sent: list = []
    senders: set = set()
    lock = threading.Lock()

    def send_messages(self, messages):
        time.sleep(0.002)
        with self.lock:
            self.sent.extend(m.extra_headers["X-Mesoplan-Idempotency-Key"] for m in messages)
            self.senders.add(threading.get_ident())
        return len(messages)
