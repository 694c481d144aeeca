"""`enrich` with the shipped models and library: fields, CATEGORY_MISMATCH, rewrites; CLI commands."""
from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections import Counter

import pytest

from perfdoc.findings import Finding
from perfdoc.indicators.classification.classify import enrich
from perfdoc.indicators.library.framework import LEVEL2_TO_LEVEL1, SECTORS
from perfdoc.indicators.result import IndicatorResult
from perfdoc.resources import corpus

pytestmark = pytest.mark.skipif(not corpus("indicator_library.csv").is_file(),
                                reason="corpora/indicator_library.csv 尚未生成")


def _result(name, value, *, project=None, declared=None, issues=()):
    return IndicatorResult(text=f"{name}{value}", name=name, value=value, project=project,
                           declared_level2=declared, issues=list(issues))


def test_enrich_fills_every_field():
    results = [_result("培训人次", "≥350人次"), _result("道路保洁面积", "≥50万平方米"), _result("资金", "")]
    enrich(results)
    for r in results:
        assert r.level2 in LEVEL2_TO_LEVEL1 and r.level1 == LEVEL2_TO_LEVEL1[r.level2]
        assert 0.0 <= r.level2_confidence <= 1.0 and 0.0 <= r.sector_confidence <= 1.0
        assert r.sector[:3] in SECTORS and r.sector == f"{r.sector[:3]} {SECTORS[r.sector[:3]]}"
        assert len(r.matches) == 3
        scores = [m.score for m in r.matches]
        assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)
        assert len({m.id for m in r.matches}) == 3
        d = r.to_dict()
        json.dumps(d, ensure_ascii=False)
        assert set(d["matches"][0]) == {"id", "name", "level2", "sector", "unit", "score"}


def test_enrich_empty_list_is_a_no_op():
    results: list = []
    enrich(results)
    assert results == []


@pytest.mark.parametrize("name,value,level2", [
    ("受益群众满意度", "≥90%", "服务对象满意度指标"),
    ("资金拨付及时率", "100%", "时效指标"),
    ("项目总成本", "≤500万元", "经济成本指标"),
    ("培训人次", "≥350人次", "数量指标"),
    ("工程验收合格率", "100%", "质量指标"),
    ("完成时间", "2024年12月31日前", "时效指标"),
])
def test_enrich_level2_of_plain_indicators(name, value, level2):
    r = _result(name, value)
    enrich([r])
    assert r.level2 == level2


@pytest.mark.parametrize("name,project,sector", [
    ("供餐天数", "农村义务教育学生营养改善计划", "205"),
    ("待遇领取人数", "城乡居民基本养老保险财政补助", "208"),  # 受益人数 is the 000 entry 受益群众人数
    ("建设面积", "高标准农田建设项目", "213"),
])
def test_project_name_sets_the_sector(name, project, sector):
    r = _result(name, "≥100", project=project)
    enrich([r])
    assert r.sector[:3] == sector


def test_category_mismatch_added_with_names():
    r = _result("受益群众满意度", "≥90%", declared="质量指标")
    enrich([r])
    found = [i for i in r.issues if i.code == "CATEGORY_MISMATCH"]
    assert len(found) == 1 and found[0].severity == "warning"
    assert "质量指标" in found[0].message and "服务对象满意度指标" in found[0].message
    assert found[0].suggestion == "服务对象满意度指标"
    assert r.measurable  # a category problem does not make the indicator unmeasurable


@pytest.mark.parametrize("declared", ["服务对象满意度指标", "满意度", None])
def test_no_mismatch_when_declared_agrees_or_absent(declared):
    r = _result("受益群众满意度", "≥90%", declared=declared)
    enrich([r])
    assert not any(i.code == "CATEGORY_MISMATCH" for i in r.issues)


def test_mismatch_threshold_is_configurable(tmp_path, monkeypatch):
    cfg = tmp_path / "perfdoc.toml"
    cfg.write_text("[review]\ncategory_mismatch_confidence = 1.01\n", encoding="utf-8")
    monkeypatch.setenv("PERFDOC_CONFIG", str(cfg))
    from perfdoc.config import _load

    _load.cache_clear()
    r = _result("受益群众满意度", "≥90%", declared="质量指标")
    enrich([r])
    assert not any(i.code == "CATEGORY_MISMATCH" for i in r.issues)


def test_unmeasurable_gets_library_rewrite():
    r = _result("资金拨付", "及时", issues=[Finding("TIME_UNBOUNDED", "error", "时效指标缺少期限", None)])
    enrich([r])
    from perfdoc.indicators.library.library import load_library

    best = next(m for m in r.matches if m.level2 == r.level2)
    entry = load_library().by_id[best.id]
    assert r.suggestion == entry.target() and r.suggestion.startswith(best.name)
    assert entry.typical_value and entry.typical_value in r.suggestion


def test_rule_suggestion_kept_when_it_has_the_units_number():
    r = _result("覆盖率", "95", issues=[Finding("NO_UNIT", "error", "缺少单位", "覆盖率≥95%")])
    r.suggestion = "覆盖率≥95%"
    enrich([r])
    assert r.suggestion == "覆盖率≥95%"


def test_measurable_suggestion_untouched():
    r = _result("培训人次", "≥350人次")
    r.suggestion = None
    enrich([r])
    assert r.suggestion is None


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "perfdoc", *args], capture_output=True, text=True)


def test_cli_search_json():
    out = _cli("library", "search", "受益群众满意度", "--json", "-n", "4")
    assert out.returncode == 0, out.stderr
    hits = json.loads(out.stdout)
    assert len(hits) == 4
    assert hits[0]["score"] >= hits[-1]["score"]
    assert all(set(h) >= {"id", "name", "level2", "sector", "unit", "aliases", "score"} for h in hits)


def test_cli_stats_counts_match_csv():
    lines = [ln for ln in corpus("indicator_library.csv").read_text(encoding="utf-8").splitlines()
             if not ln.startswith("#")]
    rows = list(csv.DictReader(lines))
    out = _cli("library", "stats", "--json")
    assert out.returncode == 0, out.stderr
    stats = json.loads(out.stdout)
    assert stats["entries"] == len(rows)
    by_sector = Counter(r["sector"] for r in rows)
    assert {k[:3]: v for k, v in stats["sectors"].items()} == {c: by_sector.get(c, 0) for c in SECTORS}
    assert stats["level2"] == {l2: sum(r["level2"] == l2 for r in rows) for l2 in LEVEL2_TO_LEVEL1}
    cross = Counter((r["sector"], r["level2"]) for r in rows)
    assert {k[:3]: v for k, v in stats["sector_level2"].items()} == {
        c: {l2: cross.get((c, l2), 0) for l2 in LEVEL2_TO_LEVEL1} for c in SECTORS}
    text = _cli("library", "stats").stdout
    total_line = next(ln for ln in text.splitlines() if ln.startswith("合计"))
    assert total_line.split()[-1] == str(len(rows))
    assert "000 通用" in text and "满意度" in text and "可持续影响" in text


def test_cli_eval_classify_beats_baselines():
    if not corpus("labelled/classify_heldout.jsonl").is_file():
        pytest.skip("留出评测集尚未合并")
    out = _cli("eval", "classify", "--json")
    assert out.returncode == 0, out.stderr
    res = json.loads(out.stdout)
    system, keywords, fuzzy = res["results"]
    for key in ("level2_accuracy", "sector_accuracy", "top3"):
        assert system[key] > keywords[key] and system[key] > fuzzy[key], key
    # the acceptance bar of issue 4, as a regression guard; since issue 11 the 二级 bar is on an
    # acceptable label (the project's own label or a defensible reading, corpora/classify_readings.csv):
    # the in-repo labels put 覆盖率, accident counts and passenger counts under 社会效益, which issue 11's
    # published tables do not, so the strict figure has its own, lower floor
    assert system["level2_acceptable"] >= 0.92 and system["level2_accuracy"] >= 0.88
    assert system["sector_accuracy"] >= 0.88 and system["top3"] >= 0.90
    assert res["skops_max_difference"] < 1e-6
    pub = res["published"]  # grouped held-out split of the published tables (issue 11)
    assert pub["test_tables"] >= 3 and pub["train_tables"] > pub["test_tables"]
    assert 0.4 <= pub["families"]["linear"]["level2_accuracy"] <= pub["families"]["linear"]["level2_acceptable"] <= 1.0


def test_enrich_maps_to_configured_user_library(tmp_path, monkeypatch):
    lib = tmp_path / "省库.csv"
    lib.write_text("指标名称,二级指标,所属行业,计量单位,指标值,别名\n"
                   "义务教育学生营养餐供餐天数,数量指标,205,天,≥200,供餐天数\n"
                   "受助学生满意度,服务对象满意度指标,205,%,≥90%,学生满意度\n", encoding="utf-8")
    cfg = tmp_path / "perfdoc.toml"
    cfg.write_text(f'[review]\nlibrary = "{lib.as_posix()}"\n', encoding="utf-8")
    monkeypatch.setenv("PERFDOC_CONFIG", str(cfg))
    from perfdoc.config import _load

    _load.cache_clear()
    r = _result("营养餐供餐天数", "≥180天")
    enrich([r])
    assert r.matches[0].id == "205-0001" and r.matches[0].name == "义务教育学生营养餐供餐天数"
    assert all(m.id in ("205-0001", "205-0002") for m in r.matches)


def test_cli_eval_classify_text_table():
    if not corpus("labelled/classify_heldout.jsonl").is_file():
        pytest.skip("留出评测集尚未合并")
    out = _cli("eval", "classify")
    assert out.returncode == 0, out.stderr
    for words in ("二级指标准确率", "行业准确率", "匹配 top-3", "关键词规则（基线）", "rapidfuzz 最近名称（基线）",
                  "CATEGORY_MISMATCH", "公开申报表留出集（按表分组", "置信度校准误差"):
        assert words in out.stdout


@pytest.mark.slow
def test_shipped_models_equal_a_fresh_training(tmp_path):
    """`perfdoc train` reproduces the committed models/ byte for byte (determinism + freshness)."""
    from perfdoc.resources import models_dir

    out = _cli("train", "--out", str(tmp_path))
    assert out.returncode == 0, out.stderr
    for name in ("classify.json", "classify.npz", "level2.skops", "sector.skops"):
        assert (tmp_path / name).read_bytes() == (models_dir() / name).read_bytes(), name


@pytest.mark.parametrize("name", ["", "！！！", "——"])
def test_enrich_leaves_empty_names_unclassified(name):
    r = _result(name, "")
    r.text = name
    enrich([r])
    assert (r.level2, r.sector, r.matches) == (None, None, [])


def test_cli_empty_search_is_usage_error():
    out = _cli("library", "search", "  ")
    assert out.returncode == 2 and "检索词不能为空" in out.stderr


def test_cli_eval_on_own_labelled_file_without_gold(tmp_path):
    data = tmp_path / "mine.jsonl"
    rows = [{"name": "受益群众满意度", "value": "≥90%", "level2": "服务对象满意度指标", "sector": "000"},
            {"name": "营养餐供餐天数", "value": "≥200天", "level2": "数量指标", "sector": "205 教育",
             "project": "农村义务教育学生营养改善计划"}]
    data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    out = _cli("eval", "classify", "--input", str(data), "--json")
    assert out.returncode == 0, out.stderr
    res = json.loads(out.stdout)
    assert res["items"] == 2 and res["items_with_gold_entry"] == 0
    system = res["results"][0]
    assert system["top1"] is None and system["n"] == 2
    assert system["level2_accuracy"] == 1.0 and system["sector_accuracy"] == 1.0


def test_cli_eval_resolves_gold_names(tmp_path):
    data = tmp_path / "mine.jsonl"
    rows = [{"name": "培训参加人次", "value": "≥300人次", "level2": "数量指标", "sector": "000 通用", "gold": "培训人次"}]
    data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    out = _cli("eval", "classify", "--input", str(data), "--json")
    assert out.returncode == 0, out.stderr
    res = json.loads(out.stdout)
    assert res["items_with_gold_entry"] == 1
    assert res["results"][0]["top3"] == 1.0
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({**rows[0], "gold": "没有这条指标"}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = _cli("eval", "classify", "--input", str(bad))
    assert out.returncode == 2 and "没有这条指标" in out.stderr


def test_no_rewrite_from_an_unrelated_entry():
    """A project the library does not cover keeps the rule's own suggestion."""
    r = _result("城市书房开放", "卓有成效", issues=[Finding("VAGUE_VALUE", "error", "指标值含糊", None)])
    r.suggestion = "写明可核验的数量或比例"
    enrich([r])
    assert r.matches and r.matches[0].score < 0.40
    assert r.suggestion == "写明可核验的数量或比例"
