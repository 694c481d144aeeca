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


def test_group_split_keeps_library_rows_in_training():
    rows = [{"source": f"t{i // 7}"} for i in range(700)]
    library = [{"source": f"gh-{i // 50}", "origin": "library"} for i in range(500)]
    train, test = group_split(rows, seed=0)
    train2, test2 = group_split(rows + library, seed=0)
    assert test2 == test  # the same tables are tested with or without library rows
    assert set(range(700, 1200)) <= set(train2)


@pytest.mark.parametrize("row, level2, name", [
    ({"level1": "产出指标", "level2": "成本指标", "name": "人均培训成本"}, "经济成本指标", "人均培训成本"),
    ({"level1": "满意度指标", "level2": "服务对象满意度", "name": "患者满意度"}, "服务对象满意度指标", "患者满意度"),
    ({"level1": "产出指标", "level2": "数量指标", "name": "【新增】企业名师工作室数量", "value": "7"},
     "数量指标", "企业名师工作室数量"),
])
def test_normalise_library_rows(row, level2, name):
    out = normalise({"source": "gh-1", "kind": "指标库", "sector": "", **row}, "library")
    assert (out["level2"], out["name"], out["origin"]) == (level2, name, "library")
    assert out["published_level2"] == row["level2"]
    assert "origin" not in normalise({"source": "t", **row})  # table rows keep their snapshot format


def test_derive_writes_library_snapshot_marked_training_only(tmp_path):
    (tmp_path / "indicators.jsonl").write_text(json.dumps(
        {"source": "a1", "level2": "数量指标", "name": "培训人次", "value": "280人次"}, ensure_ascii=False) + "\n",
        encoding="utf-8")
    lib = [{"source": "gh-1", "level1": "产出指标", "level2": "质量指标", "name": "发表SCI论文", "value": "",
            "sector": "科学技术", "project": "", "kind": "指标库"},
           {"source": "gh-1", "level1": "", "level2": "", "name": "无标签", "value": "", "sector": "", "project": "",
            "kind": "指标库"}]
    (tmp_path / "library_rows.jsonl").write_text("# format\n" + "".join(
        json.dumps(r, ensure_ascii=False) + "\n" for r in lib), encoding="utf-8")
    (tmp_path / "sources.csv").write_text("# format\nsource,url,title,province,year,kind,rows\n"
                                          "a1,https://example.gov.cn/t.html,表,宁夏,2022,目标表,1\n"
                                          "gh-1,github:o/r/lib.sql,库,,,指标库,1\n", encoding="utf-8")
    out = tmp_path / "labelled" / "classify_train_published.jsonl"
    out.parent.mkdir()
    stats = derive(tmp_path / "indicators.jsonl", out)
    table_text = out.read_text(encoding="utf-8")
    assert "origin" not in table_text and "发表SCI论文" not in table_text
    lines = (out.parent / "published_library_train.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("#")
    row = json.loads(lines[1])
    assert len(lines) == 2 and row["origin"] == "library" and row["url"] == "github:o/r/lib.sql"
    assert row["level2"] == "质量指标" and row["sector"] == "206 科学技术"
    assert stats["library"] == {"kept": 1, "dropped": {"二级指标无法归入单一类别": 1}, "sources": 1}
    first = (out.parent / "published_library_train.jsonl").read_bytes()
    derive(tmp_path / "indicators.jsonl", out)  # deterministic
    assert (out.parent / "published_library_train.jsonl").read_bytes() == first


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
