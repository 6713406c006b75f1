#!/usr/bin/env bash
# Build a wheel, install it (with its dependencies and the plot extra) into a fresh virtual
# environment, and run every command from an empty directory. Prints each command and its
# first line of output; exits non-zero at the first failure.
#
#   scripts/check_wheel.sh            # uses python3 and a scratch directory
#   PYTHON=python3.12 scripts/check_wheel.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-python3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
start=$SECONDS

"$python" -m venv "$work/venv"
"$work/venv/bin/pip" wheel --no-deps -q -w "$work/dist" "$root"
wheel="$(ls "$work"/dist/critmin-*.whl)"
"$work/venv/bin/pip" install -q "${wheel}[plot]"
echo "installed $(basename "$wheel") in $((SECONDS - start)) s"

mkdir "$work/empty" && cd "$work/empty"
cp -r "$root/tests/data/usgs-mcs2025" "$work/usgs"
printf '[{"mineral": "nickel", "probabilities": {"very_high": 0.9, "high": 0.1}}]\n' > sweep.json
export PATH="$work/venv/bin:$PATH"
unset PYTHONPATH VIRTUAL_ENV || true

check() {
    echo "\$ $*"
    "$@" > "$work/out.txt"
    head -n 1 "$work/out.txt" | cut -c 1-100
}
check critmin --version
check critmin score
check critmin score --format json --trace
check critmin score --format csv --set params.severe_shortfall_min=0.95 --mineral nickel
check critmin validate
check critmin facts 镍
check critmin rules
check critmin rules first_task
check critmin whatif --set countries.Indonesia.alignment=ally
check critmin whatif --scenario slow_transition --format json
check critmin diff --set-b params.severe_shortfall_min=0.95
check critmin scenarios
check critmin scenarios indonesia_ally
check critmin test
check critmin import usgs "$work/usgs"
check critmin plot matrix --out matrix.png
check critmin plot sweep --from sweep.json --out sweep.svg
check critmin schema
check python -m engine score --format markdown
check python -c "import engine; print(critmin.__file__, critmin.assess()['nickel'].tier)"
eval "$(_CRITMIN_COMPLETE=bash_source critmin)" && complete -p critmin
echo "all commands ran from an empty directory in $((SECONDS - start)) s"
