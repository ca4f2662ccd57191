#!/usr/bin/env bash
# Re-run the whole conversion on a clean tree: convert, hand fixes, tidy, compile, migrations.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=${1:?usage: run.sh REPO (a clean checkout of main)}
cd "$REPO"
PY=.venv/bin/python
$PY $HERE/convert.py "$REPO" ${ONLY:+--only=$ONLY}
$PY $HERE/handfixes.py "$REPO" ${ONLY:+--only=$ONLY}
changed=$(git status --porcelain | awk '{print $2}' | grep '\.py$' || true)
[ -n "$changed" ] && .venv/bin/ruff check --fix --select I,F401 -q $changed || true
$PY manage.py compilemessages -l en >/dev/null
$PY manage.py makemigrations --name one_language_labels | grep -E '^\s+[a-z].*\.py' || true
$PY manage.py makemigrations --check --dry-run >/dev/null && echo "migrations complete"
$PY manage.py check | tail -1
# the guard tests (kept outside the repo so a reset does not lose them)
cp $HERE/repo_files/test_every_page.py tests/i18n/test_every_page.py
grep -q "def po_entries" tests/i18n/test_catalogue.py || cat $HERE/repo_files/test_catalogue_append.py >> tests/i18n/test_catalogue.py
