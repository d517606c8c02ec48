"""``make audit``: pip-audit over requirements.txt, with waivers, and a clear verdict when it cannot check.

pip-audit asks a vulnerability service (PyPI's JSON API by default, or OSV) about every
pinned package. Where that service is unreachable, pip-audit "skips" each package and
still prints "No known vulnerabilities found"; here that case is a failure with its own
message and exit status 2, so an audit that checked nothing never passes for a clean one.

Waivers live in ``.pip-audit-waivers``: one vulnerability id per line, then ``#`` and the
reason (why it does not affect Deckhand, and until when). A waiver without a reason is refused.

Run: ``.venv/bin/python -m scripts.audit [--service pypi|osv]``. Exit: 0 clean, 1 vulnerable,
2 could not audit.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WAIVERS = ROOT / ".pip-audit-waivers"


def read_waivers(path: Path = WAIVERS) -> dict[str, str]:
    """``{vulnerability id: reason}``; a line without a reason raises ValueError."""
    waivers: dict[str, str] = {}
    if not path.exists():
        return waivers
    for number, raw in enumerate(path.read_text().splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        vuln_id, _, reason = line.partition("#")
        if not reason.strip():
            raise ValueError(f"{path.name}:{number}: waiver {vuln_id.strip()} needs a reason after '#'")
        waivers[vuln_id.strip()] = reason.strip()
    return waivers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--service", choices=("pypi", "osv"), default="pypi")
    parser.add_argument("--requirements", default=str(ROOT / "requirements.txt"))
    args = parser.parse_args(argv)
    try:
        waivers = read_waivers()
    except ValueError as exc:
        print(f"audit: {exc}", file=sys.stderr)
        return 2
    command = [
        sys.executable, "-m", "pip_audit", "-r", args.requirements, "--no-deps", "--disable-pip",
        "-s", args.service, "--progress-spinner", "off", "-f", "json",
    ]  # fmt: skip
    for vuln_id in waivers:
        command += ["--ignore-vuln", vuln_id]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)  # noqa: S603
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        print(
            f"audit: pip-audit failed (exit {result.returncode}):\n{result.stderr[-2000:]}", file=sys.stderr
        )
        return 2
    deps = report.get("dependencies", [])
    skipped = [d for d in deps if d.get("skip_reason")]
    vulnerable = [d for d in deps if d.get("vulns")]
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions") or []) or "no fix yet"
            print(f"VULNERABLE {dep['name']} {dep['version']}: {vuln['id']} (fixed in: {fixes})")
    if deps and len(skipped) == len(deps):
        print(
            f"audit: NOT CHECKED. The '{args.service}' vulnerability service answered for none of the "
            f"{len(deps)} packages (first reason: {skipped[0]['skip_reason']}). Run where the service "
            "is reachable (CI), or try --service osv.",
            file=sys.stderr,
        )
        return 2
    if skipped:
        names = ", ".join(d["name"] for d in skipped)
        print(f"audit: {len(skipped)} package(s) could not be checked: {names}", file=sys.stderr)
    if waivers:
        print(f"audit: {len(waivers)} waiver(s) applied from {WAIVERS.name}")
    if vulnerable:
        return 1
    print(f"audit: {len(deps) - len(skipped)} packages checked, no known vulnerabilities")
    return 2 if skipped else 0


if __name__ == "__main__":
    sys.exit(main())
