"""DOC_NUMBER and DATE_FORMAT on wording taken from real published texts (source in each row).

Rows: (source, text, code, severity, suggestion or None). CLEAN rows must raise nothing of the code.
"""
from __future__ import annotations

import pytest

from perfdoc import fix_file, lint_text

WLTZQ = "http://1.25.240.11:8082/sites/wltzq/zwinfo.jsp?id=19718"
NMDBKK = "https://www.nmdbkk.com/html_3/chumu/16557/list/10.html"
MZ = "https://www.mz.gov.cn/gk/zfxxgk/fdzdnr/ysjs/bmys/2025nfjbmysxxgk/mzfbjsgjbczb/1620432.htm"
ZHETIAOHE = ("https://www.zhetiaohe.com/ss/3ebb11f2ec91e3045964c5451a400dbeda2b34ef48317a8dc8a041cae59c9dc"
             "edc2b10c3faf34683688eb436b23a2be1.html")
JCUT = "https://cwc.jcut.edu.cn/info/1015/1324.htm"
YUEYANG = "http://www.yueyang.gov.cn/cgj/9886/9901/content_1560779.html"

FLAGGED = [
    # bracket forms of the year (real numbers, brackets as published or changed to each form)
    (NMDBKK, "财办[2020]13号财政部关于印发《预算管理一体化规范(试行)》的通知", "DOC_NUMBER", "error", "〔2020〕13号"),
    (MZ, "《关于印发四川省预决算公开操作规程(2022年修订)的通知》(川财预﹝2022﹞12号)", "DOC_NUMBER", "error",
     "〔2022〕12号"),
    (MZ, "《关于印发四川省预决算公开操作规程(2022年修订)的通知》(川财预【2022】12号)", "DOC_NUMBER", "error",
     "〔2022〕12号"),
    (MZ, "《关于印发四川省预决算公开操作规程(2022年修订)的通知》(川财预（2022）12号)", "DOC_NUMBER", "error",
     "〔2022〕12号"),
    (MZ, "《关于印发四川省预决算公开操作规程(2022年修订)的通知》(川财预［2022］12号)", "DOC_NUMBER", "error",
     "〔2022〕12号"),
    (WLTZQ, "根据《乌拉特中旗人民政府<关于印发乌拉特中旗全面实施预算绩效管理试点工作方案>的通知》"
            "(乌中政办发(2021)15号)有关规定", "DOC_NUMBER", "error", "〔2021〕15号"),
    (WLTZQ, "结合财政部《项目支出绩效评价管理办法》(财预〔2020〕010号)等有关要求", "DOC_NUMBER", "error", "〔2020〕10号"),
    # without brackets, as in the page title "财办202312号预算管理一体化规范全文"
    (ZHETIAOHE, "财办202312号预算管理一体化规范全文", "DOC_NUMBER", "error", "〔2023〕12号"),
    (WLTZQ, "根据临财发202053号文件有关要求", "DOC_NUMBER", "error", "〔2020〕53号"),
    # a cited title one or two characters away from the real one
    (JCUT, "根据《中华人民共和国预算法》、《中共中央、国务院关于全面实施预算绩效管理的意见》(中发〔2018〕34号)",
     "DOC_NUMBER", "warning", "《中共中央 国务院关于全面实施预算绩效管理的意见》"),
    (JCUT, "根据《中共中央 国务院关于全面实施预算绩效管理的实施意见》", "DOC_NUMBER", "warning",
     "《中共中央 国务院关于全面实施预算绩效管理的意见》"),
    (WLTZQ, "结合财政部《项目支出绩效评价管理暂行办法》(财预〔2020〕10号)等有关要求", "DOC_NUMBER", "warning",
     "《项目支出绩效评价管理办法》"),
    # dates with a part missing
    (YUEYANG, "报告日期:20190618日", "DATE_FORMAT", "error", "2019年6月18日"),
    (YUEYANG, "报告日期:2019年0618日", "DATE_FORMAT", "error", "2019年6月18日"),
    (YUEYANG, "报告日期:201906月18日", "DATE_FORMAT", "error", "2019年6月18日"),
    (WLTZQ, "乌拉特中旗财政局 2022年3月16", "DATE_FORMAT", "error", "2022年3月16日"),
    (YUEYANG, "报告日期:2019年06月18日", "DATE_FORMAT", "warning", "2019年6月18日"),
]

CLEAN = [
    # a firm's report number is not a 发文字号
    ("firm", "经××会计师事务所审计，出具××会报字（2022）第0001号审计报告。", "DOC_NUMBER"),
    ("firm", "评估机构出具了××评报字[2023]第012号资产评估报告。", "DOC_NUMBER"),
    (WLTZQ, "根据《内蒙古自治区财政厅关于<内蒙古自治区关于全面实施预算绩效管理的实施意见>的通知》"
            "(内财监〔2019〕1343号)和《巴彦淖尔市人民政府关于印发<巴彦淖尔市关于全面实施预算绩效管理试点工作方案>的通知》"
            "(巴政发〔2021〕5号)", "DOC_NUMBER"),
    (JCUT, "根据《中华人民共和国预算法》、《中共中央国务院关于全面实施预算绩效管理的意见》(中发〔2018〕34号)", "DOC_NUMBER"),
    ("seed-001", "先后印发了《下陆区预算绩效目标管理暂行办法》、《下陆区预算绩效评价管理暂行办法》", "DOC_NUMBER"),
    ("numbers", "公务接待共312批次，4228人次，共计2023100元，编号2023001号楼。", "DOC_NUMBER"),
    (WLTZQ, "乌拉特中旗财政局 2022年3月16日", "DATE_FORMAT"),
    ("dates", "2023年1月5个工作日内完成，1－9月执行情况良好，2023年12月底前。", "DATE_FORMAT"),
]


@pytest.mark.parametrize(("source", "text", "code", "severity", "suggestion"), FLAGGED)
def test_reference_flagged(source, text, code, severity, suggestion):
    found = [f for f in lint_text(text) if f.code == code]
    assert [(f.severity, f.suggestion) for f in found] == [(severity, suggestion)], source


@pytest.mark.parametrize(("source", "text", "code"), CLEAN)
def test_reference_clean(source, text, code):
    assert [f.lint_dict() for f in lint_text(text) if f.code == code] == [], source


def test_bare_doc_number_fixed(tmp_path):
    src = tmp_path / "d.txt"
    src.write_text("根据临财发202053号和财办[2020]13号文件，按时报送。\n", encoding="utf-8")
    out = fix_file(src, tmp_path / "o.txt")
    assert out.read_text(encoding="utf-8") == "根据临财发〔2020〕53号和财办〔2020〕13号文件，按时报送。\n"
