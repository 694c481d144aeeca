"""End to end in a real headless browser: Playwright (sync) driving Debian's chromium against a
uvicorn server on 127.0.0.1. Never downloads a browser: skipped when /usr/bin/chromium is absent."""
from __future__ import annotations

import io
from pathlib import Path

import httpx
import pytest

from .conftest import EXAMPLES

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.slow, pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium not installed (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (Python) not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(accept_downloads=True, locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    outside: list[str] = []
    pg.on("request", lambda req: None if req.url.startswith((live_server.url, "data:", "blob:"))
          else outside.append(req.url))
    yield pg
    context.close()
    assert outside == [], f"the page fetched something from outside: {outside}"


def require_job(live_server, method: str, path: str, **kwargs) -> None:
    """Skip when a colleague's job is not built yet (the API answers 503)."""
    r = httpx.request(method, live_server.url + path, timeout=60, **kwargs)
    if r.status_code == 503:
        pytest.skip(f"job not built yet: {r.json().get('error')}")


def example_workbook(tmp_path, live_server) -> Path:
    path = EXAMPLES / "chengjiang-2023.xlsx"
    if path.is_file():
        return path
    r = httpx.get(live_server.url + "/download/example", timeout=60)
    if r.status_code != 200:
        pytest.skip("examples/chengjiang-2023.xlsx has not landed yet")
    out = tmp_path / "chengjiang-2023.xlsx"
    out.write_bytes(r.content)
    return out


def test_web_browser_render_downloads_docx(page, live_server, tmp_path):
    import docx

    workbook = example_workbook(tmp_path, live_server)
    require_job(live_server, "POST", "/api/render/statement",
                files={"file": (workbook.name, workbook.read_bytes(), "application/octet-stream")})
    page.goto(live_server.url + "/render")
    page.set_input_files("#file", str(workbook))
    page.check("input[name=kind][value=statement]")
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name="生成并下载").click()
    download = info.value
    assert download.suggested_filename == f"{workbook.stem}-情况说明.docx"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    doc = docx.Document(str(saved))
    assert sum(len(p.text) for p in doc.paragraphs) > 200
    assert download.suggested_filename in page.locator("#render-done").inner_text()


@pytest.mark.parametrize("js", [True, False], ids=["with-js", "without-js"])
def test_web_browser_render_error_shown_in_chinese(browser, live_server, tmp_path, js):
    """A renamed text file: the error appears in Chinese on the page, with or without JavaScript."""
    fake = tmp_path / "年度工作簿.xlsx"
    fake.write_text("这不是工作簿", encoding="utf-8")
    context = browser.new_context(java_script_enabled=js)
    try:
        pg = context.new_page()
        pg.set_default_timeout(30_000)
        pg.goto(live_server.url + "/render")
        pg.set_input_files("#file", str(fake))
        pg.check("input[name=kind][value=circular]")
        pg.get_by_role("button", name="生成并下载").click()
        box = pg.locator("#error-box")
        box.wait_for()
        text = box.inner_text()
        assert "未能完成" in text and "年度工作簿.xlsx" in text and "文本文件" in text
        assert pg.is_checked("input[name=kind][value=circular]")
    finally:
        context.close()


def test_web_browser_check_flags_vague_indicator(page, live_server):
    require_job(live_server, "POST", "/api/check", json={"items": ["培训人次≥350人次"]})
    page.goto(live_server.url + "/check")
    page.fill("#text", "培训人次\t≥350人次\n培训效果\t明显提升")
    page.click("#check-text-submit")
    page.locator("#results").wait_for()
    rows = page.locator("#results tbody tr")
    assert rows.count() == 2
    first = rows.nth(0)  # problems first
    assert first.get_attribute("data-verdict") == "fail"
    assert "培训效果" in first.inner_text() and "不可衡量" in first.inner_text()
    assert "指标值表述模糊" in first.inner_text()
    assert rows.nth(1).get_attribute("data-verdict") in ("ok", "warn")
    assert "VAGUE_VALUE" in page.locator("#code-counts").inner_text()
    # the colour tells the verdict at a glance
    colour = first.locator(".badge").evaluate("el => getComputedStyle(el).backgroundColor")
    assert colour == "rgb(180, 35, 24)"


def test_web_browser_lint_shows_finding(page, live_server):
    require_job(live_server, "POST", "/api/lint", json={"text": "一、概况"})
    page.goto(live_server.url + "/lint")
    page.fill("#lint-text", "关于2023年预算绩效管理工作的情况说明\n一、基本情况\n二、主要做法\n4、 绩效评价管理情况")
    page.click("#lint-text-submit")
    page.locator("#findings").wait_for()
    row = page.locator("#findings tr[data-code=NUMBERING]").first
    assert "标题序号" in row.inner_text()
    assert "4" in row.locator("mark").inner_text()
    assert row.locator("td").first.inner_text().strip() == "4"


def test_web_browser_tab_key_inserts_tab(page, live_server):
    page.goto(live_server.url + "/check")
    page.click("#text")
    page.keyboard.type("培训效果")
    page.keyboard.press("Tab")
    page.keyboard.type("明显提升")
    assert page.input_value("#text") == "培训效果\t明显提升"


def _goals_file(tmp_path) -> Path:
    """examples/goals-example.xlsx when it exists, else a small 申报表 built here."""
    path = EXAMPLES / "goals-example.xlsx"
    if path.is_file():
        return path
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目名称", "一级指标", "二级指标", "三级指标", "指标值"])
    ws.append(["农村道路养护", "产出指标", "数量指标", "道路养护里程", "≥120公里"])
    ws.append(["农村道路养护", "产出指标", "质量指标", "养护质量", "明显提升"])
    out = tmp_path / "申报表.xlsx"
    wb.save(out)
    return out


def test_web_browser_check_upload_and_download_annotated(page, live_server, tmp_path):
    import openpyxl

    goals = _goals_file(tmp_path)
    require_job(live_server, "POST", "/api/check/file",
                files={"file": (goals.name, goals.read_bytes(), "application/octet-stream")})
    page.goto(live_server.url + "/check")
    page.set_input_files("#check-file", str(goals))
    page.get_by_role("button", name="上传并审核").click()
    page.locator("#results").wait_for()
    verdicts = [page.locator("#results tbody tr").nth(i).get_attribute("data-verdict")
                for i in range(page.locator("#results tbody tr").count())]
    order = {"fail": 0, "warn": 1, "ok": 2}
    assert verdicts and verdicts == sorted(verdicts, key=order.get)  # problems first
    with page.expect_download() as info:
        page.click("#download-annotated")
    download = info.value
    assert download.suggested_filename == f"{goals.stem}-审核结果.xlsx"
    saved = tmp_path / "annotated.xlsx"
    download.save_as(saved)
    original = openpyxl.load_workbook(goals)
    annotated = openpyxl.load_workbook(saved)
    assert annotated.sheetnames[: len(original.sheetnames)] == original.sheetnames


def test_web_browser_oversized_upload(page, live_server, tmp_path):
    """A 25 MB file: the page refuses it before sending (file.size), and a browser that sends it
    anyway (fetch) gets the 413 with the Chinese message."""
    big = tmp_path / "大文件.txt"
    big.write_bytes(b"a" * (25 * 1024 * 1024))
    posts: list[str] = []
    page.on("request", lambda req: posts.append(req.url) if req.method == "POST" else None)
    page.goto(live_server.url + "/lint")
    page.set_input_files("#lint-file", str(big))
    assert "超过 20 MB 的上限" in page.locator(".file-pick .file-name").first.inner_text()
    assert page.eval_on_selector("#lint-file", "el => el.files.length") == 0
    assert posts == []
    status, body = page.evaluate("""async () => {
        const fd = new FormData();
        fd.append("file", new Blob([new Uint8Array(25 * 1024 * 1024)]), "big.txt");
        const r = await fetch("/api/lint", {method: "POST", body: fd});
        return [r.status, await r.text()];
    }""")
    assert status == 413
    assert "上传内容超过大小上限 20 MB" in body
