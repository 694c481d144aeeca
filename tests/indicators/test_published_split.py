"""Published rows as classification data: spelling-only label normalisation, grouped split."""
import json

import pytest

from perfdoc.indicators.classification.families import calibration_error
from perfdoc.indicators.classification.published import derive, group_split, label_noise, normalise


@pytest.mark.parametrize("row, level2", [
    ({"level2": "数量指标（必填）", "name": "指标3.培训人次", "value": "280人次"}, "数量指标"),
    ({"level2": "环境效益", "name": "空气质量优良天数比例", "value": "≥85%"}, "生态效益指标"),
    ({"level1": "产出指标", "level2": "成本指标", "name": "项目总成本", "value": "≤90万元"}, "经济成本指标"),
    # a label the project would call wrong is kept as published: only the spelling is normalised
    ({"level2": "服务对象满意度指标等", "name": "政策知晓率", "value": "≥90%"}, "服务对象满意度指标"),
    ({"level2": "社会、经济、生态效益指标", "name": "补助款结算争议率", "value": "0%"}, None),
    ({"level2": "制度指标", "name": "规章制度建立与否", "value": ""}, None),
])
def test_normalise_spelling_only(row, level2):
    out = normalise({"source": "x", **row})
    assert (out or {}).get("level2") == level2
    if out:
        assert out["published_level2"] == row["level2"] and not out["name"].startswith("指标3")


def test_group_split_keeps_tables_whole_and_is_stable():
    rows = [{"source": f"t{i // 7}"} for i in range(700)]
    train, test = group_split(rows, seed=0)
    assert {rows[i]["source"] for i in train}.isdisjoint({rows[i]["source"] for i in test})
    assert sorted(train + test) == list(range(700)) and 0.1 < len(test) / 700 < 0.4
    assert group_split(rows, seed=0) == (train, test)
    more = rows + [{"source": "new"}] * 5  # adding a table never moves the others
    train2, test2 = group_split(more, seed=0)
    assert set(test) <= set(test2) and set(train) <= set(train2)


def test_derive_writes_provenance(tmp_path):
    src = tmp_path / "indicators.jsonl"
    rows = [{"source": "a1", "level2": "质量指标(必填)", "name": "苗木成活率(≥**%)", "value": "85"},
            {"source": "a1", "level2": "", "name": "其他", "value": "1"}]
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    (tmp_path / "sources.csv").write_text("# format\nsource,url,title,province,year,kind,rows\n"
                                          "a1,https://example.gov.cn/t.html,表,宁夏,2022,目标表,2\n", encoding="utf-8")
    stats = derive(src, tmp_path / "out.jsonl")
    lines = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()[1:]]
    assert stats["kept"] == 1 and sum(stats["dropped"].values()) == 1
    assert lines[0]["url"] == "https://example.gov.cn/t.html" and lines[0]["level2"] == "质量指标"


def test_label_noise_counts_disagreeing_tables():
    rows = [{"source": "a", "name": "覆盖率", "level2": "数量指标"}, {"source": "b", "name": "覆盖率", "level2": "质量指标"},
            {"source": "c", "name": "覆盖率", "level2": "质量指标"}, {"source": "a", "name": "人次", "level2": "数量指标"}]
    noise = label_noise(rows)
    assert noise["names_in_several_tables"] == 1 and noise["rows_with_disagreeing_labels"] == 3
    assert noise["majority_agreement"] == pytest.approx(2 / 3)


@pytest.mark.parametrize("conf, correct, ece", [
    ([0.9, 0.9], [True, True], 0.1), ([0.5, 0.5], [True, False], 0.0), ([], [], None),
])
def test_calibration_error(conf, correct, ece):
    assert calibration_error(conf, correct) == (pytest.approx(ece) if ece is not None else None)
