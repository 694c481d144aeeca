"""The TYPO lexicon and its homophone table are data: big enough, and rebuildable from pypinyin."""
from __future__ import annotations

from pypinyin import Style, pinyin

from perfdoc.lint import typo
from perfdoc.resources import corpus


def test_lint_lexicon_size_and_format():
    lines = corpus("phrases.txt").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("#")
    entries = {ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")}
    assert len(entries) >= 300
    for must in ("花钱必问效、无效必问责", "全方位、全过程、全覆盖", "提质增效", "应保尽保", "亡羊补牢", "防患于未然",
                 "全面实施预算绩效管理", "绩效运行监控", "事前绩效评估", "分行业分领域", "绩效目标申报表", "整改落实",
                 "预算法实施条例", "国有资本经营预算", "政府性基金预算", "社会保险基金预算"):
        assert must in entries


def test_lint_homophone_table_is_current():
    # the shipped table must be what the generator makes from the current lexicon
    shipped = corpus(typo.HOMOPHONES).read_text(encoding="utf-8")
    assert shipped == typo.build_homophones(), "run: python -m perfdoc.lint.typo"


def test_lint_homophones_agree_with_pypinyin():
    table = typo.homophones()
    for phrase_char, text_char in [("效", "笑"), ("保", "宝"), ("行", "形"), ("领", "令"), ("然", "燃")]:
        common = set(pinyin(phrase_char, style=Style.NORMAL, heteronym=True)[0]) & \
            set(pinyin(text_char, style=Style.NORMAL, heteronym=True)[0])
        assert common and text_char in table[phrase_char]
    assert "理" not in table["效"]


def test_lint_lookalike_table_format_and_pairs():
    lines = corpus(typo.LOOKALIKES).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("#")
    groups = [ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")]
    for group in groups:
        assert len(set(group)) == len(group) >= 2, group
        for ch in group:
            assert "\u4e00" <= ch <= "\u9fff"
            ch.encode("gb2312")  # characters an input method offers: the ones typed by mistake
    for right, wrong in [("覆", "履"), ("绩", "积"), ("效", "校"), ("监", "坚"), ("预", "予")]:
        assert typo.look_alike(wrong, right) and typo.look_alike(right, wrong)
    assert not typo.look_alike("理", "效")
