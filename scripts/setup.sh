#!/usr/bin/env bash
# Creates .venv and installs perfdoc into it; with "test" also the Debian packages the tests need
# (LibreOffice, CJK fonts, poppler, chromium), installed with apt-get when run as root.
# Usage: scripts/setup.sh demo|test
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-demo}"

debs=(fonts-noto-cjk fonts-arphic-uming fonts-arphic-ukai)
if [ "$mode" = "test" ]; then
  debs+=(libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-liberation2 chromium)
fi
missing=()
for d in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$d" 2>/dev/null | grep -q "install ok installed" || missing+=("$d")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "==> 安装系统软件包：${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "提示：缺少系统软件包 ${missing[*]}（需 root 用 apt-get 安装）；相关测试将跳过。" >&2
  fi
fi

py=""
for cand in python3.11 python3.12 python3.13 python3; do
  if command -v "$cand" >/dev/null && "$cand" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    py="$cand"; break
  fi
done
[ -n "$py" ] || { echo "需要 Python 3.11 或更高版本" >&2; exit 1; }
if [ ! -x .venv/bin/python ]; then
  if ! "$py" -m venv .venv 2>/dev/null; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
      "$py" -m venv .venv
    else
      echo "无法创建虚拟环境：请安装 python3-venv" >&2; exit 1
    fi
  fi
fi
echo "==> 安装 perfdoc 及依赖到 .venv"
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
if [ "$mode" = "test" ]; then
  .venv/bin/python -m pip install -q -e ".[test]"
else
  .venv/bin/python -m pip install -q -e .
fi
# pip byte-compiles what it installs, but an editable install runs src/ itself: compile it once, or
# every cold `perfdoc check` compiles each module again when PYTHONDONTWRITEBYTECODE is set
.venv/bin/python -m compileall -q src/perfdoc >/dev/null
