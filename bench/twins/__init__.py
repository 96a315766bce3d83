"""Bare twins (issue 14): for each key page, a view that fetches the same rows with ONE
hand-written SQL query and renders a minimal template, plus a bare Django page (the floor).
Mounted only with MESOPLAN_BENCH=true (bench.urls), never in production URLs."""
