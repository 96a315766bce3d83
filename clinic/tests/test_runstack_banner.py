"""`make run` ends with the URL and the demo logins: the banner waits until the worker's and
beat's start-up lines are written (issue 12, "Logs a newcomer sees")."""

import io
import threading

from clinic.management.commands.runstack import STARTED_MARKERS, Command


class Recorder(io.StringIO):
    """Notes, for each line written, which processes counted as started at that moment."""

    def __init__(self, command):
        super().__init__()
        self.command = command
        self.seen = []

    def write(self, text):
        started = {name for name, event in self.command._started.items() if event.is_set()}
        self.seen.append((text, started))
        return super().write(text)


def test_a_process_counts_as_started_only_after_its_start_line_is_written():
    command = Command()
    command._started = {name: threading.Event() for name in STARTED_MARKERS}
    recorder = Recorder(command)
    command.stdout = recorder
    command._relay("worker", io.StringIO("[..] Connected\n[..] celery@vm ready.\n"))
    command._relay("beat", io.StringIO("[..] beat: Starting...\n"))
    assert [started for _text, started in recorder.seen] == [set(), set(), {"worker"}]
    assert all(event.is_set() for event in command._started.values())
