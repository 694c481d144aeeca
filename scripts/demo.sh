#!/usr/bin/env bash
# One command: set everything up, render the three documents from the bundled example workbook,
# review the example 绩效目标申报表 (annotated workbook + 审核意见书) and render an imported statement. Results go to out/ (or the folder given as $1).
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
$pd render opinion "$out/绩效目标审核结果.xlsx" -o "$out/审核意见书"
echo "==> 由上一年的情况说明导入下一年的工作簿（示例：下陆区），再生成情况说明"
$pd render statement examples/xialu-2024.xlsx -o "$out/情况说明（下陆区）.docx"
echo
echo "完成。文书与审核结果在：$(cd "$out" && pwd)"
ls -1 "$out"
