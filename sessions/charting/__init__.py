"""Charting a session: dose arithmetic, saving and signing the chart, amendments, photos."""
