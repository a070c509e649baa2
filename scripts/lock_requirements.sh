#!/usr/bin/env bash
# Regenerate requirements.lock: every runtime dependency of requirements.txt (transitive ones
# included) pinned exactly, each with the sha256 of every file of that release, so that
# `pip install --require-hashes --no-deps -r requirements.lock` (the Dockerfile, then `pip check`)
# installs exactly these bytes or fails.
#
#   TORCH_WHEELS=/opt/wheels bash scripts/lock_requirements.sh      # default: $PIP_FIND_LINKS
#
# How: pip itself resolves requirements.txt (`pip install --dry-run --ignore-installed --report`,
# --isolated: no user/site pip config, constraint files or local mirrors) against the index
# (LOCK_INDEX_URL, default PyPI) plus the folder of local wheels; then the hashes of every file of
# each pinned release are read from the index's simple API (PEP 691: the same sha256 pip checks a
# download against; PyPI's JSON API, which pip-compile uses, is not needed) and from the local files.
# The output depends only on what the index and the folder hold, not on this machine's packages.
#
# torch: requirements.txt pins torch==2.13.0; the CPU build (2.13.0+cpu) in TORCH_WHEELS sorts
# above it and wins, so the lock pins torch==2.13.0+cpu with that wheel's hash.  An image built
# without PIP_FIND_LINKS fetches torch from the PyTorch CPU index instead: put that file (or the
# wheels of other platforms) into TORCH_WHEELS too, e.g.
#   pip download torch==2.13.0+cpu --no-deps --index-url https://download.pytorch.org/whl/cpu -d wheels/
# and rerun, so that every torch file the image may get has its hash in the lock.
#
# The resolution uses this interpreter's markers: run it with Python 3.11 on Linux (the image's).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
INDEX_URL=${LOCK_INDEX_URL:-https://pypi.org/simple}
WHEELS=${TORCH_WHEELS:-${PIP_FIND_LINKS:-}}
OUTPUT=${LOCK_OUTPUT:-requirements.lock}

if [ -z "$WHEELS" ] || [ ! -d "$WHEELS" ]; then
  echo "lock_requirements: set TORCH_WHEELS to a folder holding the CPU torch wheel" >&2
  exit 2
fi
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "run with Python 3.11 (the image)")'

report=$(mktemp)
trap 'rm -f "$report"' EXIT
"$PYTHON" -m pip --isolated --disable-pip-version-check install --quiet --dry-run --ignore-installed --report "$report" \
  --index-url "$INDEX_URL" --find-links "$WHEELS" -r requirements.txt

"$PYTHON" - "$report" "$INDEX_URL" "$WHEELS" "$OUTPUT" <<'EOF'
"""Write the lock from pip's installation report, with the hashes of every file of each release."""

import hashlib
import json
import sys
import urllib.request
from pathlib import Path

try:
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name, parse_sdist_filename, parse_wheel_filename
    from packaging.version import Version
except ImportError:  # pip vendors packaging
    from pip._vendor.packaging.requirements import Requirement
    from pip._vendor.packaging.utils import canonicalize_name, parse_sdist_filename, parse_wheel_filename
    from pip._vendor.packaging.version import Version

report_path, index_url, wheels, output = sys.argv[1:]
report = json.loads(Path(report_path).read_text(encoding="utf-8"))


def file_release(filename):
    """(canonical name, Version) of a wheel or sdist file name; None for other files."""
    try:
        if filename.endswith(".whl"):
            name, version, _, _ = parse_wheel_filename(filename)
        elif filename.endswith((".tar.gz", ".zip")):
            name, version = parse_sdist_filename(filename)
        else:
            return None
    except Exception:  # an old, non-standard file name: not a candidate for this pin anyway
        return None
    return canonicalize_name(name), version


def index_hashes(name, version):
    """sha256 of every non-yanked file of name==version on the index (PEP 691 JSON simple API)."""
    request = urllib.request.Request(
        f"{index_url.rstrip('/')}/{name}/", headers={"Accept": "application/vnd.pypi.simple.v1+json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        files = json.load(response)["files"]
    return {
        item["hashes"]["sha256"]
        for item in files
        if not item.get("yanked") and "sha256" in item["hashes"]
        and file_release(item["filename"]) == (name, version)
    }


def local_hashes(name, version):
    """sha256 of every file of name==version in the local wheel folder."""
    return {
        hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(Path(wheels).iterdir())
        if file_release(path.name) == (name, version)
    }


packages = {}
for item in report["install"]:
    metadata = item["metadata"]
    name, version = canonicalize_name(metadata["name"]), Version(metadata["version"])
    local = item["download_info"]["url"].startswith("file:")
    hashes = local_hashes(name, version) if local else index_hashes(name, version)
    if not hashes:
        sys.exit(f"lock_requirements: no hash found for {name}=={version}")
    packages[name] = (version, hashes, item.get("requested", False), metadata.get("requires_dist") or [])

# "via": which locked packages require each one (requirements of extras are not installed).
via = {name: set() for name in packages}
for parent, (_, _, _, requires) in packages.items():
    for line in requires:
        requirement = Requirement(line)
        if requirement.marker is not None and "extra" in str(requirement.marker):
            continue
        if requirement.marker is None or requirement.marker.evaluate():
            child = canonicalize_name(requirement.name)
            if child in via:
                via[child].add(parent)

lines = [
    "# requirements.lock: every runtime dependency of requirements.txt, pinned, with the sha256 of",
    "# every file of each release; the image installs it with `pip install --require-hashes`.",
    "# Do not edit: regenerate with",
    "#   TORCH_WHEELS=/folder/with/the/cpu/torch/wheel bash scripts/lock_requirements.sh",
    "# (pip resolves requirements.txt on Python 3.11 against PyPI + that folder; see the script).",
    "# torch is the CPU build (2.13.0+cpu): its hash is that of the local CPU wheel.",
    "",
]
for name in sorted(packages):
    version, hashes, requested, _ = packages[name]
    lines.append(f"{name}=={version} \\")
    hash_lines = [f"    --hash=sha256:{digest}" for digest in sorted(hashes)]
    lines.extend(line + " \\" for line in hash_lines[:-1])
    lines.append(hash_lines[-1])
    sources = (["-r requirements.txt"] if requested else []) + sorted(via[name])
    lines.append(f"    # via {', '.join(sources)}")
Path(output).write_text("\n".join(lines) + "\n", encoding="utf-8")
print(f"lock_requirements: {len(packages)} packages, {sum(len(p[1]) for p in packages.values())} hashes -> {output}")
EOF
