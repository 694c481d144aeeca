"""Screenshots of the three pages with real results, for docs/web.md and the README.

Starts the web app on a free loopback port (uvicorn in a thread), drives Debian's chromium with
Playwright (never downloads a browser) and writes docs/images/web-render.png, web-check.png,
web-lint.png.

    .venv/bin/python scripts/web_screenshots.py [--out docs/images]
"""
from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--lang=zh-CN"]

CHECK_TEXT = "\n".join([
    "培训人次\t≥350人次",
    "培训效果\t明显提升",
    "受益群众满意度\t≥90%",
    "资金拨付\t及时",
    "道路养护里程\t≥120公里",
    "投入资金\t500万元",
    "培训合格率\t≥120%",
    "项目完工时间\t2024年12月31日前",
])

LINT_TEXT = "\n".join([
    "澄江市财政局关于2023年度预算绩效管理工作开展情况的说明",
    "澄财绩[2024]5号",
    "一、基本情况",
    "2023年，全市纳入绩效运行监控的项目共计126个，涉及资金17,969.78万元。",
    "二、主要做法",
    "（一）健全制度体系",
    "根据《中华人民共和国预算法，构建全方位、全过程、全复盖的预算绩效管理体系。",
    "（三）加强事前绩效评估",
    "全年开展重点评价项目5个,涉及资金3,210.50万元，于2023.12.31前完成。",
    "三、存在问题及下一步打算",
])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server():
    import uvicorn

    from perfdoc.web.app import create_app

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise SystemExit("web server did not start")
        time.sleep(0.05)
    return server, thread, f"http://127.0.0.1:{port}"


def example_workbook(url: str, tmp: Path) -> Path | None:
    path = ROOT / "examples" / "chengjiang-2023.xlsx"
    if path.is_file():
        return path
    import httpx

    r = httpx.get(url + "/download/example", timeout=60)
    if r.status_code != 200:
        return None
    out = tmp / "chengjiang-2023.xlsx"
    out.write_bytes(r.content)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description="网页版三个页面的截图")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    server, thread, url = start_server()
    try:
        with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN",
                                      accept_downloads=True, device_scale_factor=1)
            page = ctx.new_page()
            page.set_default_timeout(120_000)

            # 文书生成: the example workbook chosen, the 情况说明 generated and downloaded
            page.goto(url + "/render")
            workbook = example_workbook(url, Path(tmp))
            if workbook is not None:
                page.set_input_files("#file", str(workbook))
                page.check("input[name=kind][value=statement]")
                with page.expect_download() as info:
                    page.get_by_role("button", name="生成并下载").click()
                info.value.save_as(Path(tmp) / "out.docx")
                page.locator("#render-done").wait_for()
            else:
                print("提示：示例工作簿尚不存在，文书生成页截图不含结果", file=sys.stderr)
            page.screenshot(path=str(args.out / "web-render.png"), full_page=True)

            # 指标审核: the example 申报表 uploaded (or, before it exists, pasted indicators);
            # the top of the page: counts per problem code, project findings, first rows
            page.goto(url + "/check")
            goals = ROOT / "examples" / "goals-example.xlsx"
            if goals.is_file():
                page.set_input_files("#check-file", str(goals))
                page.get_by_role("button", name="上传并审核").click()
            else:
                page.fill("#text", CHECK_TEXT)
                page.click("#check-text-submit")
            page.locator("#results").wait_for()
            height = page.evaluate("document.documentElement.scrollHeight")
            page.screenshot(path=str(args.out / "web-check.png"), full_page=True,
                            clip={"x": 0, "y": 0, "width": 1280, "height": min(height, 2000)})

            # 文稿校对: a pasted draft with numbering, punctuation and document-number slips
            page.goto(url + "/lint")
            page.fill("#lint-text", LINT_TEXT)
            page.click("#lint-text-submit")
            page.locator("#result").wait_for()
            page.screenshot(path=str(args.out / "web-lint.png"), full_page=True)
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    for name in ("web-render.png", "web-check.png", "web-lint.png"):
        print(args.out / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
