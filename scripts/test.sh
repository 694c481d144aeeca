#!/usr/bin/env bash
# One command: set everything up and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
echo "==> 运行测试"
exec .venv/bin/python -m pytest -q -n 2 --dist loadfile "$@"
