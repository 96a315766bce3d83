"""docs/benchmarks.json and docs/benchmarks.md from the measured figures, and the schema
check a script or CI runs on the JSON (`python -m bench.harness.report docs/benchmarks.json`)."""

import json
import sys

PAGE_KEYS = {
    "name": str,
    "p50_ms": float,
    "p95_ms": float,
    "queries": int,
    "twin_p50_ms": float,
    "ratio_to_twin": float,
    "small_p50_ms": float,
    "flatness": float,
}
SWEEP_KEYS = {"per_s": float, "duplicates": int}
TWIN_TARGET, FLATNESS_TARGET, SWEEP_TARGET = 2.0, 1.5, 500


def page_rows(large: dict, small: dict) -> list[dict]:
    rows = []
    for name, entry in large["results"].items():
        if name == "floor":
            continue
        page, twin = entry["page"], entry["twin"]
        small_p50 = small["results"][name]["page"]["p50_ms"]
        twin_small_p50 = small["results"][name]["twin"]["p50_ms"]
        rows.append(
            {
                "name": name,
                "p50_ms": page["p50_ms"],
                "p95_ms": page["p95_ms"],
                "requests_per_s": page["requests_per_s"],
                "queries": page["queries"],
                "bytes": page["bytes"],
                "twin_p50_ms": twin["p50_ms"],
                "twin_queries": twin["queries"],
                "ratio_to_twin": round(page["p50_ms"] / twin["p50_ms"], 2),
                "small_p50_ms": small_p50,
                "flatness": round(page["p50_ms"] / small_p50, 2),
                # The twin's own growth: a page whose twin grows alike shows more rows at
                # the large set (content), not a slower path to the same rows (history).
                "twin_small_p50_ms": twin_small_p50,
                "twin_flatness": round(twin["p50_ms"] / twin_small_p50, 2),
                "url": entry["url"],
            }
        )
    return rows


def problems(document: dict) -> list[str]:
    """What is wrong with the document's shape (not with its figures): [] when it is right."""
    found = []
    pages = document.get("pages")
    if not isinstance(pages, list) or not pages:
        found.append("`pages` must be a non-empty list")
        pages = []
    for index, page in enumerate(pages):
        for key, kind in PAGE_KEYS.items():
            value = page.get(key) if isinstance(page, dict) else None
            ok = isinstance(value, kind) or (kind is float and isinstance(value, int))
            if not ok or isinstance(value, bool):
                found.append(f"pages[{index}].{key} must be {kind.__name__}, not {value!r}")
    sweep = document.get("sweep")
    for key, kind in SWEEP_KEYS.items():
        value = sweep.get(key) if isinstance(sweep, dict) else None
        if not (isinstance(value, kind) or (kind is float and isinstance(value, int))):
            found.append(f"sweep.{key} must be {kind.__name__}, not {value!r}")
    return found


def misses(document: dict) -> list[str]:
    """The targets of issue 14 that the figures miss."""
    found = []
    for page in document["pages"]:
        if page["ratio_to_twin"] > TWIN_TARGET:
            found.append(f"{page['name']}: {page['ratio_to_twin']}x its twin")
        if page["flatness"] > FLATNESS_TARGET:
            found.append(f"{page['name']}: flatness {page['flatness']}")
    sweep = document["sweep"]
    if not sweep.get("skipped") and (sweep["per_s"] < SWEEP_TARGET or sweep["duplicates"]):
        found.append(f"sweep: {sweep['per_s']}/s, {sweep['duplicates']} duplicates")
    return found


def markdown(document: dict) -> str:
    meta, sizes = document["meta"], document["sizes"]
    lines = [
        "# Benchmarks (issue 14)",
        "",
        f"Written by `manage.py bench{' --quick' if meta['quick'] else ''}` on "
        f"{meta['generated_at']}; {meta['cpus']} CPUs, load average "
        f"{meta['load_start']} at the start and {meta['load_end']} at the end "
        "(other work on the machine slows every figure alike; ratios suffer less).",
        "",
        f"Large set {_size(sizes['large'])}. Small set {_size(sizes['small'])}. Flatness is "
        "large p50 / small p50: with the same clinic over one year and five, as busy around "
        "today, it measures what history costs a page; the twin's flatness shows how much "
        "the rows shown differ.",
        "",
        "gunicorn as in production (2 workers, DEBUG off, persistent database connections), "
        "one per data size, both up at once; one client on loopback, keep-alive, requests "
        "interleaved (page, twin and floor of both sizes in a shuffled order, page by page) "
        f"for {meta['rounds']} rounds after {meta['warmup']} unrecorded. "
        "Times are the client's, request sent to body read. Queries: the `X-Bench-Queries` "
        "header (a connection wrapper counts every SQL statement of the request, session and "
        "user lookups included). Twin: the same rows with one hand-written SQL query, a minimal "
        "template (`bench/twins/`). Floor: a signed-in request answered with `ok`. req/s: one "
        "client in series (1000 / mean ms).",
        "",
        f"Floor at the large set: p50 {document['floor']['p50_ms']} ms, "
        f"{document['floor']['queries']} queries.",
        "",
        "| page | p50 ms | p95 ms | req/s | queries | KB | twin p50 ms | x twin | p50 small ms "
        "| flatness | twin flatness |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for page in document["pages"]:
        lines.append(
            f"| {page['name']} | {page['p50_ms']} | {page['p95_ms']} | "
            f"{page['requests_per_s']} | {page['queries']} | {page['bytes'] // 1024} | "
            f"{page['twin_p50_ms']} | {page['ratio_to_twin']} | {page['small_p50_ms']} | "
            f"{page['flatness']} | {page['twin_flatness']} |"
        )
    sweep = document["sweep"]
    lines += [
        "",
        f"Targets: within {TWIN_TARGET}x the twin, flatness (large p50 / small p50) within "
        f"{FLATNESS_TARGET}.",
        "",
        "## Follow-up sweep",
        "",
        "Skipped (--skip-sweeps)."
        if sweep.get("skipped")
        else f"{sweep.get('count', 0):,} due e-mails through one real worker to a local SMTP "
        f"sink: **{sweep['per_s']}/s**, {sweep['duplicates']} duplicates (raw smtplib to the "
        f"same sink: {sweep.get('baseline_per_s', 0)}/s). Target: >= {SWEEP_TARGET}/s, "
        "0 duplicates.",
        "",
        "## Documents",
        "",
        "| document | pages | app ms | WeasyPrint alone ms |",
        "|---|---|---|---|",
    ]
    for row in document.get("documents", []):
        lines.append(f"| {row['name']} | {row['pages']} | {row['app_ms']} | {row['alone_ms']} |")
    missed = misses(document)
    lines += ["", "## Targets missed", ""] + ([f"- {m}" for m in missed] or ["None."])
    return "\n".join(lines) + "\n"


def main(path: str) -> int:
    with open(path) as handle:
        found = problems(json.load(handle))
    for problem in found:
        print(problem)
    print(f"{path}: {'schema OK' if not found else f'{len(found)} problems'}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "docs/benchmarks.json"))


def _size(size: dict) -> str:
    text = f"`{size['database']}`: {size['patients']:,} patients, {size['sessions']:,} sessions"
    if "history_years" in size:  # figures written before these were recorded lack them
        text += (
            f" over {size['history_years']} years, {size['sessions_this_week']:,} in the "
            "7 days around now"
        )
    return text
