#!/usr/bin/env bash
# Install the OASIS STIX 2.1 validator (stix2-validator, pinned with its dependencies in
# stix-validator.requirements.txt) into a Python virtual environment and print the path of its
# `stix2_validator` executable on stdout; progress goes to stderr.
#
#   export UNMASK_STIX_VALIDATOR="$(scripts/stix-validator.sh)"
#   cargo test -p unmask-cli --test it stix
#
# The environment lives in $UNMASK_STIX_VENV, default ${XDG_CACHE_HOME:-$HOME/.cache}/unmask/stix-venv;
# it is reused while the requirements file is unchanged. Needs python3 with venv and PyPI.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REQUIREMENTS="$HERE/stix-validator.requirements.txt"
VENV="${UNMASK_STIX_VENV:-${XDG_CACHE_HOME:-${HOME:?set HOME or UNMASK_STIX_VENV}/.cache}/unmask/stix-venv}"
PY="$VENV/bin/python"
EXE="$VENV/bin/stix2_validator"

command -v python3 >/dev/null || { echo "error: \`python3\` is missing" >&2; exit 1; }

want="$(sha256sum "$REQUIREMENTS" | cut -d' ' -f1)"
have="$(cat "$VENV/.requirements.sha256" 2>/dev/null || true)"
if [ ! -x "$EXE" ] || [ "$want" != "$have" ]; then
    echo "stix-validator: installing $(grep '^stix2-validator==' "$REQUIREMENTS") into $VENV" >&2
    mkdir -p "$(dirname "$VENV")"
    [ -x "$PY" ] || python3 -m venv "$VENV"
    "$PY" -m pip install --quiet --disable-pip-version-check -r "$REQUIREMENTS" >&2
    echo "$want" >"$VENV/.requirements.sha256"
fi

# A broken environment must fail here, not later as a confusing test failure.
"$EXE" --help >/dev/null
echo "$EXE"
