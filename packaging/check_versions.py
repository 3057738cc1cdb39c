"""One version everywhere: every place that states cdnsign's version must
state the workspace version ([workspace.package] in Cargo.toml).

Run by `make test` (target test-versions). Static files only, plus the CLI
the vector checks already built; the installed wheel, npm package and C
library report theirs in `make test-dist` (packaging/*/test.sh).
Usage: python3 packaging/check_versions.py [--cli target/debug/cdnsign]
"""

import argparse
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cli", help="a built cdnsign binary to ask for --version")
    args = parser.parse_args()

    workspace = tomllib.loads((ROOT / "Cargo.toml").read_text())
    version = workspace["workspace"]["package"]["version"]
    found: list[tuple[str, str | None]] = []

    for member in workspace["workspace"]["members"]:
        package = tomllib.loads((ROOT / member / "Cargo.toml").read_text())["package"]
        stated = package.get("version")
        found.append((f"{member}/Cargo.toml", version if stated == {"workspace": True} else str(stated)))

    pyproject = tomllib.loads((ROOT / "bindings-python/pyproject.toml").read_text())["project"]
    found.append(("bindings-python/pyproject.toml (dynamic, from Cargo)",
                  version if "version" in pyproject.get("dynamic", []) and "version" not in pyproject
                  else str(pyproject.get("version"))))

    node = json.loads((ROOT / "bindings-node/package.json").read_text())
    found.append(("bindings-node/package.json", node.get("version")))
    for dep, spec in sorted(node.get("optionalDependencies", {}).items()):
        found.append((f"bindings-node/package.json optionalDependencies {dep}", spec))
    lock = json.loads((ROOT / "bindings-node/package-lock.json").read_text())
    found.append(("bindings-node/package-lock.json", lock.get("version")))
    found.append(("bindings-node/package-lock.json packages['']", lock["packages"][""].get("version")))

    header = (ROOT / "include/cdnsign.h").read_text()
    m = re.search(r'^#define CDNSIGN_VERSION "([^"]*)"', header, re.M)
    found.append(("include/cdnsign.h CDNSIGN_VERSION", m.group(1) if m else None))

    changelog = (ROOT / "CHANGELOG.md").read_text()
    headings = re.findall(r"^## \[([^\]]+)\]", changelog, re.M)
    released = [h for h in headings if h != "Unreleased"]
    # A release adds its own heading; until then the changes sit under Unreleased.
    found.append(("CHANGELOG.md newest heading",
                  version if headings and (headings[0] == "Unreleased" or headings[0] == version) else headings[0] if headings else None))
    if released and released[0] != version and _newer(released[0], version):
        found.append(("CHANGELOG.md newest release (newer than the workspace)", released[0]))

    if args.cli:
        out = subprocess.run([args.cli, "--version"], check=True, capture_output=True, text=True).stdout.strip()
        found.append((f"{args.cli} --version", out.removeprefix("cdnsign ")))

    wrong = [(where, stated) for where, stated in found if stated != version]
    for where, stated in wrong:
        print(f"{where} states {stated!r}, the workspace version is {version!r}", file=sys.stderr)
    if wrong:
        return 1
    print(f"check_versions: {len(found)} places state {version}")
    return 0


def _newer(a: str, b: str) -> bool:
    def key(v: str) -> tuple[int, ...]:
        return tuple(int(x) for x in re.findall(r"\d+", v)[:3])
    return key(a) > key(b)


if __name__ == "__main__":
    sys.exit(main())
