"""Audit the pinned requirements with pip-audit and say plainly what was and was not checked.

Exit 1 when a known vulnerability is found. When pip-audit's vulnerability service cannot be
reached (no network beyond the package index here), every package comes back "could not be
audited": that is printed as NOT AUDITED and the exit is 0, so the rest of CI goes on.
"""

import json
import subprocess  # nosec B404
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILES = ["requirements.txt", "requirements-dev.txt"]


def main() -> int:
    command = [sys.executable, "-m", "pip_audit", "--no-deps", "--disable-pip"]
    command += ["--progress-spinner", "off", "--format", "json"]
    for name in FILES:
        command += ["-r", str(ROOT / name)]
    # A fixed command line: this interpreter running pip-audit on our own files.
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # nosec B603
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        print("pip-audit: NOT AUDITED - it did not answer (service unreachable?):")
        print((result.stderr or result.stdout).strip()[-2000:])
        return 0
    dependencies = report.get("dependencies", [])
    skipped = [dep for dep in dependencies if "skip_reason" in dep]
    audited = [dep for dep in dependencies if "skip_reason" not in dep]
    vulnerable = [dep for dep in audited if dep.get("vulns")]
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions", [])) or "no fix yet"
            print(f"VULNERABLE {dep['name']}=={dep['version']}: {vuln['id']} (fixed in {fixes})")
    if skipped and not audited:
        print(
            f"pip-audit: NOT AUDITED - the vulnerability service could not be reached for any of "
            f"the {len(skipped)} pinned packages ({skipped[0]['skip_reason']}). "
            "Run `make audit` where it can be reached."
        )
        return 0
    if skipped:
        names = ", ".join(dep["name"] for dep in skipped)
        print(f"pip-audit: {len(skipped)} package(s) could not be audited: {names}")
    print(f"pip-audit: {len(audited)} package(s) audited, {len(vulnerable)} vulnerable")
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
