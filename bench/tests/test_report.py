"""docs/benchmarks.json: the figures of two sizes combine into the issue's schema, and the
checker finds a document that does not fit it."""

import json

from bench.harness import report
from bench.harness.measure import Samples


def _size(p50_page, p50_twin):
    summary = {"p50_ms": 0.0, "p95_ms": 0.0, "requests_per_s": 0.0, "queries": 3, "bytes": 9}
    return {
        "size": {"database": "x", "patients": 1, "sessions": 1},
        "results": {
            "floor": {"floor": summary},
            "audit log": {
                "page": {**summary, "p50_ms": p50_page, "p95_ms": p50_page * 2, "queries": 8},
                "twin": {**summary, "p50_ms": p50_twin},
                "url": "/audit/",
                "twin_url": "/bench/audit/",
            },
        },
    }


def _document(large, small):
    return {
        "meta": {
            "generated_at": "now",
            "quick": True,
            "rounds": 1,
            "warmup": 0,
            "cpus": 2,
            "load_start": "0",
            "load_end": "0",
        },
        "sizes": {"large": large["size"], "small": small["size"]},
        "floor": large["results"]["floor"]["floor"],
        "pages": report.page_rows(large, small),
        "sweep": {"per_s": 600.0, "duplicates": 0},
        "documents": [],
    }


def test_rows_have_the_issues_keys_and_ratios():
    document = _document(_size(30.0, 10.0), _size(20.0, 10.0))
    (row,) = document["pages"]
    assert set(report.PAGE_KEYS) <= set(row)
    assert row["ratio_to_twin"] == 3.0
    assert row["flatness"] == 1.5
    assert row["twin_flatness"] == 1.0
    assert report.problems(document) == []
    assert report.misses(document) == ["audit log: 3.0x its twin"]
    assert "| audit log | 30.0 | 60.0 |" in report.markdown(document)


def test_checker_finds_a_wrong_document(tmp_path):
    document = _document(_size(30.0, 10.0), _size(20.0, 10.0))
    del document["pages"][0]["flatness"]
    document["sweep"] = {"per_s": "fast"}
    found = report.problems(document)
    assert "pages[0].flatness must be float, not None" in found
    assert any(problem.startswith("sweep.per_s") for problem in found)
    assert any(problem.startswith("sweep.duplicates") for problem in found)
    path = tmp_path / "benchmarks.json"
    path.write_text(json.dumps(document))
    assert report.main(str(path)) == 1
    assert report.problems({}) != []


def test_percentiles():
    samples = Samples(times_ms=[float(n) for n in range(1, 101)], queries={4, 5})
    summary = samples.summary()
    assert summary["p50_ms"] == 50.5
    assert summary["p95_ms"] == 95.0
    assert summary["queries"] == 5


def test_the_report_says_how_long_each_set_s_history_is_and_how_busy_its_week():
    large, small = _size(30.0, 10.0), _size(20.0, 10.0)
    large["size"].update(history_years=5.1, sessions_this_week=1232)
    small["size"].update(history_years=1.1, sessions_this_week=1200)
    text = report.markdown(_document(large, small))
    assert "1 sessions over 5.1 years, 1,232 in the 7 days around now" in text
    assert "over 1.1 years, 1,200 in the 7 days around now" in text
