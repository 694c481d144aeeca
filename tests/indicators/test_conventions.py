"""`perfdoc library learn`: a bureau's approved 申报表 as a local layer over the classifier."""
import json
import subprocess
import sys

import openpyxl
import pytest

from perfdoc.indicators.library import conventions
from perfdoc.indicators.review import check

# the bureau declares every 覆盖率 as 质量; its other rows agree with the national examples
APPROVED = [
    ("乡村医疗", "产出指标", "质量指标", "培训覆盖率", "≥95%"),
    ("乡村医疗", "产出指标", "质量指标", "政策宣传覆盖率", "100%"),
    ("乡村医疗", "产出指标", "质量指标", "适龄儿童疫苗接种覆盖率", "≥98%"),
    ("饮水工程", "产出指标", "质量指标", "农村自来水覆盖率", "≥90%"),
    ("饮水工程", "产出指标", "数量指标", "培训人次", "≥350人次"),
    ("饮水工程", "满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%"),
]
# indicators reviewed afterwards; the 覆盖率 ones were never in the bureau's file except the first
PROBES = [
    ("培训覆盖率", "≥95%"), ("家庭医生签约服务覆盖率", "≥60%"), ("城区5G网络覆盖率", "≥98%"),
    ("公交站点500米覆盖率", "≥90%"),
    ("培训人次", "≥350人次"), ("受益群众满意度", "≥90%"), ("道路硬化里程", "≥5公里"),
    ("资金拨付及时率", "100%"), ("项目总成本", "≤500万元"), ("新增就业人数", "≥120人"),
    ("化肥使用量减少", "≥5%"), ("12月底前完成验收", "12月31日前"),
]


def _workbook(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "绩效目标"
    ws.append(["项目名称", "一级指标", "二级指标", "三级指标", "指标值"])
    for r in rows:
        ws.append(list(r))
    wb.save(path)
    return path


@pytest.fixture()
def store(tmp_path, monkeypatch):
    path = tmp_path / "conventions.json"
    monkeypatch.setenv("PERFDOC_CONVENTIONS", str(path))
    return path


def _levels():
    return [(r.level2, r.decided_by) for r in check([{"name": n, "value": v} for n, v in PROBES])]


def test_learned_convention_changes_those_predictions_and_no_others(tmp_path, store):
    before = _levels()
    stats = conventions.learn([_workbook(tmp_path / "已审定.xlsx", APPROVED)])
    assert stats["rows"] == len(APPROVED) and stats["head_labels"]["覆盖率"] == "质量指标"
    after = _levels()
    changed = {PROBES[i][0] for i, (b, a) in enumerate(zip(before, after)) if b[0] != a[0]}
    coverage = {n for n, _ in PROBES if n.endswith("覆盖率")}
    assert {PROBES[i][0] for i, (_, a) in enumerate(zip(before, after)) if a[0] == "质量指标"} >= coverage
    assert changed and changed <= coverage  # no other indicator moved
    assert all(a[1] == "local" for (n, _), a in zip(PROBES, after) if n in coverage)
    assert all(a[0] == b[0] for (n, _), a, b in zip(PROBES, after, before) if n not in coverage)
    conventions.reset()
    assert _levels() == before


def test_local_convention_sets_category_mismatch(tmp_path, store):
    """Declared as the bureau does: no mismatch; declared against it: the bureau's class is suggested."""
    conventions.learn([_workbook(tmp_path / "已审定.xlsx", APPROVED)])
    agree, against = check([{"name": "乡镇卫生院覆盖率", "value": "100%", "level2": "质量指标"},
                            {"name": "乡镇卫生院覆盖率", "value": "100%", "level2": "社会效益指标"}])
    assert not [i for i in agree.issues if i.code == "CATEGORY_MISMATCH"]
    mm = [i for i in against.issues if i.code == "CATEGORY_MISMATCH"]
    assert mm and mm[0].suggestion == "质量指标" and against.to_dict()["decided_by"] == "local"


def test_head_needs_consistent_rows(tmp_path, store):
    """A head noun declared two ways in the bureau's file decides nothing for unseen names."""
    rows = [("p", "产出指标", "质量指标", "培训覆盖率", "95%"), ("p", "效益指标", "社会效益指标", "网络覆盖率", "95%")]
    conventions.learn([_workbook(tmp_path / "混合.xlsx", rows)])
    r = check([{"name": "家庭医生签约服务覆盖率", "value": "≥60%"}])[0]
    assert r.decided_by is None and "decided_by" not in r.to_dict()


def test_cli_learn_stats_reset(tmp_path, store):
    wb = _workbook(tmp_path / "已审定.xlsx", APPROVED)

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "perfdoc", *args], capture_output=True, text=True)

    out = cli("library", "learn", str(wb))
    assert out.returncode == 0, out.stderr
    assert "覆盖率→质量指标" in out.stdout and store.is_file()
    stats = json.loads(cli("library", "stats", "--json").stdout)
    assert stats["conventions"]["rows"] == len(APPROVED) and stats["conventions"]["files"][0]["name"] == "已审定.xlsx"
    res = json.loads(cli("check", "家庭医生签约服务覆盖率≥60%", "--json").stdout)
    assert res[0]["level2"] == "质量指标" and res[0]["decided_by"] == "local"
    out = cli("library", "learn", "--reset")
    assert out.returncode == 0 and not store.exists()
    assert "未学习" in cli("library", "stats").stdout


def test_learn_refuses_a_file_without_declared_levels(tmp_path, store):
    wb = _workbook(tmp_path / "空.xlsx", [("p", "", "", "培训人次", "≥350人次")])
    out = subprocess.run([sys.executable, "-m", "perfdoc", "library", "learn", str(wb)], capture_output=True, text=True)
    assert out.returncode == 2 and "二级指标" in out.stderr and not store.exists()
