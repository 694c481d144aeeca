"""`perfdoc train` determinism, runtime/skops agreement, stale, corrupted and foreign models refused."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from perfdoc.errors import ModelError
from perfdoc.indicators.classification import classify
from perfdoc.indicators.classification import features
from perfdoc.indicators.classification.train import train

# a small library: every 二级指标 in two sectors, with aliases, enough for 2-fold calibration
SMALL = [
    ("205", "数量指标", "资助学生人数", "人", "≥", "500", "受助学生数"),
    ("205", "质量指标", "资助对象认定准确率", "%", "≥", "100", "认定准确率"),
    ("205", "时效指标", "助学金发放及时率", "%", "≥", "100", "按时发放率"),
    ("205", "经济成本指标", "生均资助标准", "元", "≤", "2000", "人均资助额"),
    ("205", "社会成本指标", "学生课业负担增加", "%", "≤", "0", "课业负担"),
    ("205", "生态环境成本指标", "校园施工扬尘超标次数", "次", "≤", "0", "施工扬尘"),
    ("205", "经济效益指标", "家庭教育支出减少额", "元", "≥", "1000", "教育支出减少"),
    ("205", "社会效益指标", "义务教育巩固率", "%", "≥", "95", "巩固率"),
    ("205", "生态效益指标", "校园绿化覆盖率", "%", "≥", "40", "绿化率"),
    ("205", "可持续影响指标", "资助长效机制健全性", "%", "=", "100", "长效机制"),
    ("205", "服务对象满意度指标", "受助学生满意度", "%", "≥", "90", "学生满意度"),
    ("213", "数量指标", "高标准农田建设面积", "亩", "≥", "10000", "农田建设亩数"),
    ("213", "质量指标", "农田工程验收合格率", "%", "≥", "95", "验收合格率"),
    ("213", "时效指标", "补贴资金兑付及时率", "%", "≥", "100", "补贴按时兑付率"),
    ("213", "经济成本指标", "亩均建设成本", "元", "≤", "3000", "每亩投资"),
    ("213", "社会成本指标", "占用农户耕地纠纷", "起", "≤", "0", "用地纠纷"),
    ("213", "生态环境成本指标", "化肥使用量增加", "%", "≤", "0", "化肥增量"),
    ("213", "经济效益指标", "农户亩均增收", "元", "≥", "200", "亩均增收"),
    ("213", "社会效益指标", "粮食综合生产能力提升", "%", "≥", "5", "产能提升"),
    ("213", "生态效益指标", "农田灌溉水有效利用系数", "%", "≥", "55", "节水灌溉"),
    ("213", "可持续影响指标", "农田管护机制建立", "%", "=", "100", "管护长效机制"),
    ("213", "服务对象满意度指标", "项目区农户满意度", "%", "≥", "90", "农民满意度"),
]
LEVEL1 = {"数量指标": "产出指标", "质量指标": "产出指标", "时效指标": "产出指标", "经济成本指标": "成本指标",
          "社会成本指标": "成本指标", "生态环境成本指标": "成本指标", "经济效益指标": "效益指标",
          "社会效益指标": "效益指标", "生态效益指标": "效益指标", "可持续影响指标": "效益指标",
          "服务对象满意度指标": "满意度指标"}
HEADER = "id,sector,level1,level2,name,definition,unit,direction,operator,typical_value,aliases,basis\n"


def write_corpus(root: Path, rows=SMALL) -> Path:
    (root / "labelled").mkdir(parents=True, exist_ok=True)
    lines = ["# small test library\n", HEADER]
    counters: dict[str, int] = {}
    for sector, l2, name, unit, op, value, alias in rows:
        counters[sector] = counters.get(sector, 0) + 1
        lines.append(f"{sector}-{counters[sector]:04d},{sector},{LEVEL1[l2]},{l2},{name},反映{name}的情况,"
                     f"{unit},正向,{op},{value},{alias},计划标准\n")
    (root / "indicator_library.csv").write_text("".join(lines), encoding="utf-8")
    (root / "labelled" / "classify_train_test.jsonl").write_text(
        json.dumps({"name": "营养餐供餐学校数", "value": "≥30所", "level2": "数量指标", "sector": "205",
                    "project": "义务教育营养改善计划"}, ensure_ascii=False) + "\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    root = write_corpus(tmp_path_factory.mktemp("corpora"))
    out1 = tmp_path_factory.mktemp("models1")
    out2 = tmp_path_factory.mktemp("models2")
    train(out1, corpora=root)
    train(out2, corpora=root)
    return root, out1, out2


def test_train_twice_identical_files(trained):
    _, out1, out2 = trained
    names = sorted(p.name for p in out1.iterdir())
    assert names == ["classify.json", "classify.npz", "level2.skops", "sector.skops"]
    for name in names:
        assert (out1 / name).read_bytes() == (out2 / name).read_bytes(), name


def test_sidecar_contents(trained):
    root, out1, _ = trained
    sidecar = json.loads((out1 / "classify.json").read_text(encoding="utf-8"))
    assert sidecar["library"]["entries"] == len(SMALL)
    assert sorted(sidecar["labels"]["level2"]) == sorted(LEVEL1)
    assert sorted(sidecar["labels"]["sector"]) == ["205", "213"]
    assert set(sidecar["corpus_files"]) == {"indicator_library.csv", "classify_train_test.jsonl"}
    assert sidecar["labelled_indicators"] == 1
    import sklearn

    assert sidecar["sklearn_version"] == sklearn.__version__


def test_runtime_equals_skops_pipeline(trained):
    root, out1, _ = trained
    runtime = classify.load_models(out1, corpora=root)
    ref = classify.load_skops(out1)
    texts = [("受助学生人数", "≥450人"), ("农田验收合格率", "≥98%"), ("群众满意度", "≥90%"), ("资金", "")]
    docs = [features.level2_document(n, v) for n, v in texts]
    assert runtime.level2.labels == list(ref["level2"].classes_)
    np.testing.assert_allclose(runtime.level2.predict_proba(docs), ref["level2"].predict_proba(docs), atol=1e-9)
    sdocs = [features.sector_document(n, "高标准农田建设项目") for n, _ in texts]
    np.testing.assert_allclose(runtime.sector.predict_proba(sdocs), ref["sector"].predict_proba(sdocs), atol=1e-9)


def test_small_model_predicts_sensibly(trained):
    root, out1, _ = trained
    m = classify.load_models(out1, corpora=root)
    p = m.level2.predict_proba([features.level2_document("受助学生满意度调查", "≥92%")])[0]
    assert m.level2.labels[int(p.argmax())] == "服务对象满意度指标"
    s = m.sector.predict_proba([features.sector_document("建设面积", "高标准农田建设项目")])[0]
    assert m.sector.labels[int(s.argmax())] == "213"


def _copy(trained, tmp_path) -> tuple[Path, Path]:
    root, out1, _ = trained
    corp = tmp_path / "corp"
    models = tmp_path / "models"
    shutil.copytree(root, corp)
    shutil.copytree(out1, models)
    classify._load_models.cache_clear()
    return corp, models


def test_stale_model_refused(trained, tmp_path):
    corp, models = _copy(trained, tmp_path)
    classify.load_models(models, corpora=corp)  # fresh: loads
    classify._load_models.cache_clear()
    lib = corp / "indicator_library.csv"
    lib.write_text(lib.read_text(encoding="utf-8").replace("资助学生人数", "资助学生人次"), encoding="utf-8")
    with pytest.raises(ModelError) as exc:
        classify.load_models(models, corpora=corp)
    assert "perfdoc train" in str(exc.value) and "过期" in str(exc.value)
    assert "indicator_library.csv" in str(exc.value)


@pytest.mark.parametrize("damage", ["truncate", "flip", "delete"])
def test_corrupted_model_refused(trained, tmp_path, damage):
    corp, models = _copy(trained, tmp_path)
    npz = models / "classify.npz"
    if damage == "truncate":
        npz.write_bytes(npz.read_bytes()[:1000])
    elif damage == "flip":
        data = bytearray(npz.read_bytes())
        data[len(data) // 2] ^= 0xFF
        npz.write_bytes(bytes(data))
    else:
        npz.unlink()
    with pytest.raises(ModelError, match="perfdoc train"):
        classify.load_models(models, corpora=corp)


def test_corrupted_skops_refused(trained, tmp_path):
    _, models = _copy(trained, tmp_path)
    sk = models / "level2.skops"
    sk.write_bytes(sk.read_bytes()[:-500])
    with pytest.raises(ModelError, match="损坏"):
        classify.load_skops(models)


@pytest.mark.parametrize("sidecar_text,words", [
    ('{"format": "someone-else/3"}', "不是 perfdoc"),
    ("{not json", "损坏"),
])
def test_foreign_sidecar_refused(trained, tmp_path, sidecar_text, words):
    corp, models = _copy(trained, tmp_path)
    (models / "classify.json").write_text(sidecar_text, encoding="utf-8")
    with pytest.raises(ModelError, match=words):
        classify.load_models(models, corpora=corp)


def test_missing_models_refused(tmp_path):
    classify._load_models.cache_clear()
    with pytest.raises(ModelError, match="perfdoc train"):
        classify.load_models(tmp_path)


def test_shipped_models_are_fresh():
    """The committed models/ match the committed corpus (else `perfdoc train` was forgotten)."""
    from perfdoc.resources import corpus

    if not corpus("indicator_library.csv").is_file():
        pytest.skip("corpora/indicator_library.csv 尚未生成")
    classify._load_models.cache_clear()
    m = classify.load_models()
    assert m.sidecar["library"]["entries"] >= 1


def test_skops_with_untrusted_types_refused(trained, tmp_path):
    """A swapped model whose sidecar was updated too is still refused for untrusted content."""
    import os

    import skops.io as sio

    from perfdoc.indicators.classification.train import file_sha256

    _, models = _copy(trained, tmp_path)
    sk = models / "level2.skops"
    sio.dump({"payload": os.system}, sk)
    sidecar_path = models / "classify.json"
    sidecar = json.loads(sidecar_path.read_text(encoding="utf-8"))
    sidecar["files"]["level2.skops"] = file_sha256(sk)
    sidecar_path.write_text(json.dumps(sidecar), encoding="utf-8")
    with pytest.raises(ModelError, match="不受信任"):
        classify.load_skops(models)


_FIT = r"""
import json, sys
from perfdoc.indicators.classification.train import export_arrays, fit_pipeline, write_npz
data = json.loads(open(sys.argv[1], encoding="utf-8").read())
pipe = fit_pipeline(data["docs"], data["labels"], data["weights"], 0.5)
write_npz(__import__("pathlib").Path(sys.argv[2]), export_arrays(pipe, "level2"))
"""


def test_training_does_not_depend_on_thread_count(tmp_path):
    """More than 10,000 rows: OpenBLAS splits the dot products of the sigmoid calibration over
    its threads only above that size, and the split changed the calibrators' last bits."""
    import os
    import random
    import subprocess
    import sys

    rnd = random.Random(3)
    docs, labels, weights = [], [], []
    for i in range(12_000):
        _, l2, name, unit, _, value, alias = SMALL[i % len(SMALL)]
        text = rnd.choice((name, alias)) + rnd.choice(("", "县", "年度", "新增")) + value + unit
        docs.append(" ".join([*text, *(text[j:j + 2] for j in range(len(text) - 1))]))
        labels.append(l2 if rnd.random() > 0.2 else rnd.choice(SMALL)[1])  # noisy: calibration has work
        weights.append(rnd.choice((1.0, 0.5, 0.3)))
    data = tmp_path / "rows.json"
    data.write_text(json.dumps({"docs": docs, "labels": labels, "weights": weights}), encoding="utf-8")
    procs = []
    for threads in ("1", "2"):
        env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2] / "src"),
                   OMP_NUM_THREADS=threads, OPENBLAS_NUM_THREADS=threads, MKL_NUM_THREADS=threads)
        out = tmp_path / f"threads{threads}.npz"
        procs.append((out, subprocess.Popen([sys.executable, "-c", _FIT, str(data), str(out)], env=env,
                                            stderr=subprocess.PIPE, text=True)))
    for out, proc in procs:
        assert proc.wait(timeout=300) == 0, proc.stderr.read()
    (one, _), (two, _) = procs
    assert one.read_bytes() == two.read_bytes()
