#!/usr/bin/env bash
# One command: set everything up, render the three documents from the bundled example workbook and
# review the example 绩效目标申报表. Results go to out/ (or the folder given as $1).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh demo
out="${1:-out}"
mkdir -p "$out"
pd=.venv/bin/perfdoc
echo "==> 生成情况说明、通报和整改通知单（示例：澄江市2023年）"
$pd render statement examples/chengjiang-2023.xlsx -o "$out/情况说明.docx"
$pd render circular  examples/chengjiang-2023.xlsx -o "$out/通报.docx"
$pd render notices   examples/chengjiang-2023.xlsx -o "$out/整改通知单"
echo "==> 审核示例绩效目标申报表"
$pd check --input examples/goals-example.xlsx -o "$out/绩效目标审核结果.xlsx"
echo
echo "完成。文书与审核结果在：$(cd "$out" && pwd)"
ls -1 "$out"
