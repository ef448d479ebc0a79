import json
import re
import unicodedata
from decimal import Decimal

import pytest
from openpyxl import Workbook

from assistant.facts import Fact, FactSet, export_facts, export_pasted_table, import_facts, import_pasted_table
from assistant.facts.io import FactFileError

PASTED = (
    "TT\tChỉ tiêu\tĐơn vị tính\tMục Tiêu\tKết quả quý I/2026\n"
    "<b>I</b>\t<b>Hạ tầng số</b>\t\t\t\n"
    "1.\tTỷ lệ phủ sóng 5G trên dân số\t%\t80\t61,4\n"
    "2.\tMáy tính đã sử dụng trên 7 năm\tmáy\t\t9/38\n"
    "<b>II</b>\t<b>Chuyển đổi số</b>\t\t\t\n"
    "3.\tGiao dịch phi tiếp xúc\t%\t80\tKhông phát sinh trong kỳ\n"
    "4.\tTỷ lệ hài lòng\t%\t$\\geq 98$\t100\n"
    "5.\tKinh phí\tđồng\t\t1,014.000.000\n"
)


def sample() -> FactSet:
    facts = FactSet("xã Hòa Bình Tây", "quý I/2026")
    facts.add(Fact("Hồ sơ tiếp nhận", Decimal(1875), "hồ sơ"))
    facts.add(Fact("Tỷ lệ hồ sơ toàn trình", Decimal("81.47"), "%", target=Decimal(80)))
    facts.add(Fact("Máy tính cũ", Decimal(9), "máy", denominator=Decimal(38), note="trên 7 năm", group="Hạ tầng"))
    return facts


def test_pasted_table_good_rows_load_bad_rows_reported():
    result = import_pasted_table(PASTED)
    names = [f.name for f in result.facts]
    assert names == ["Tỷ lệ phủ sóng 5G trên dân số", "Máy tính đã sử dụng trên 7 năm", "Tỷ lệ hài lòng"]
    first = result.facts.facts[0]
    assert first.value == Decimal("61.4") and first.target == 80 and first.group == "Hạ tầng số"
    assert result.facts.facts[1].denominator == 38
    assert result.facts.facts[2].target_op == "≥"
    assert [e.row for e in result.errors] == [6, 8]
    assert "Dòng 6" in str(result.errors[0]) and "không phải là một số" in str(result.errors[0])


def test_round_trips(tmp_path):
    facts = sample()
    for suffix in (".csv", ".xlsx", ".json", ".txt"):
        path = tmp_path / f"facts{suffix}"
        export_facts(facts, path)
        back = import_facts(path, facts.commune, facts.period)
        assert not back.errors, suffix
        assert [(f.name, f.value, f.unit, f.denominator, f.target) for f in back.facts] == \
            [(f.name, f.value, f.unit, f.denominator, f.target) for f in facts], suffix
    assert "9/38" in export_pasted_table(facts)


def test_real_xlsx_with_numbers_and_bad_rows(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Chỉ tiêu", "Kết quả", "Đơn vị tính", "Mục tiêu"])
    sheet.append(["Hồ sơ tiếp nhận", 2148, "hồ sơ", None])
    sheet.append(["Tỷ lệ số hóa", 99.21, "%", 100])
    sheet.append([None, 15, "hộ", None])
    sheet.append(["Hộ nghèo", "chưa có", "hộ", None])
    path = tmp_path / "so_lieu.xlsx"
    book.save(path)
    result = import_facts(path)
    assert [(f.name, f.value) for f in result.facts] == [("Hồ sơ tiếp nhận", 2148), ("Tỷ lệ số hóa", Decimal("99.21"))]
    assert [e.row for e in result.errors] == [4, 5]
    assert "thiếu tên chỉ tiêu" in result.errors[0].message


def test_stable_ids():
    assert Fact("Hồ sơ tiếp nhận", Decimal(1), period="2026").id == Fact("hồ sơ  tiếp nhận", Decimal(2), period="2026").id
    data = sample().to_dict()
    assert FactSet.from_dict(data).to_dict() == data


# ---------------------------------------------------------------- files that cannot be read

_TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Windows-1258 as legacy Vietnamese software writes it: base letters with ê/ơ/ư precomposed,
    tone marks as combining characters (the code page has no precomposed toned letters)."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out.append((base + "".join(c for c in parts if c in _TONES)).encode("cp1258"))
    return b"".join(out)


@pytest.mark.parametrize("name,data,problem", [
    ("rong.csv", b"", "tệp rỗng"),
    ("rong2.csv", b"\n \n", "tệp rỗng"),
    ("hong.xlsx", b"PK\x03\x04 not a workbook", "không phải bảng Excel .xlsx hợp lệ"),
    ("hong2.xlsx", b"", "không phải bảng Excel .xlsx hợp lệ"),
    ("cu_phap.json", b'{"facts": [', "JSON sai cú pháp ở dòng 1"),
    ("so.json", b"5", "JSON phải là"),
    ("facts_chuoi.json", b'{"facts": "402"}', "JSON phải là"),
    ("nhi_phan.csv", b"\x00\x01\x02Ch\x00", "không phải tệp văn bản"),
])
def test_unreadable_files_raise_one_error_type_naming_the_file(tmp_path, name, data, problem):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(FactFileError) as caught:
        import_facts(path)
    assert isinstance(caught.value, ValueError)
    assert name in str(caught.value) and problem in str(caught.value)


def test_json_list_bad_items_and_vietnamese_values(tmp_path):
    path = tmp_path / "so_lieu.json"
    path.write_text(json.dumps([
        {"name": "Hồ sơ tiếp nhận", "value": "1.247", "unit": "hồ sơ"},
        {"name": "Tỷ lệ hồ sơ toàn trình", "value": "84,03", "unit": "%", "target": "≥ 80"},
        {"name": "Máy tính cũ", "value": "9/38"},
        {"name": "Diện tích", "value": 56.94, "unit": "km²"},
        {"name": "Hộ nghèo"},
        "402 thủ tục",
        {"name": "Kinh phí", "value": "1,014.000.000"},
        {"value": "5"},
    ], ensure_ascii=False), encoding="utf-8")
    result = import_facts(path)
    assert [(f.name, f.value) for f in result.facts] == [
        ("Hồ sơ tiếp nhận", 1247), ("Tỷ lệ hồ sơ toàn trình", Decimal("84.03")), ("Máy tính cũ", 9),
        ("Diện tích", Decimal("56.94"))]
    assert result.facts.facts[1].target == 80 and result.facts.facts[1].target_op == "≥"
    assert result.facts.facts[2].denominator == 38
    messages = [str(e) for e in result.errors]
    assert messages[0] == "Chỉ tiêu thứ 5: thiếu trường «value»"
    assert messages[1].startswith("Chỉ tiêu thứ 6: phải là một đối tượng JSON")
    assert messages[2].startswith("Chỉ tiêu thứ 7: «Kinh phí»: giá trị «1,014.000.000» viết sai dấu phân cách")
    assert messages[3] == "Chỉ tiêu thứ 8: thiếu trường «name»"
    assert not any("(" in m and "class" in m for m in messages)  # no Python reprs


def test_json_export_keeps_decimals_that_look_like_thousands(tmp_path):
    facts = FactSet("xã A", "năm 2025")
    facts.add(Fact("Kinh phí", Decimal("0.550"), "tỷ đồng"))
    path = tmp_path / "so_lieu.json"
    export_facts(facts, path)
    assert import_facts(path).facts.facts[0].value == Decimal("0.550")  # not 550


def test_cp1258_and_utf16_csv(tmp_path):
    table = "Chỉ tiêu,Kết quả,Đơn vị tính\nHồ sơ tiếp nhận,1.247,hồ sơ\nTỷ lệ hồ sơ toàn trình,\"84,03\",%\n"
    for name, data in (("cp1258.csv", cp1258(table)), ("utf16.csv", table.encode("utf-16"))):
        path = tmp_path / name
        path.write_bytes(data)
        result = import_facts(path)
        assert not result.errors, name
        assert [(f.name, f.value, f.unit) for f in result.facts] == [
            ("Hồ sơ tiếp nhận", 1247, "hồ sơ"), ("Tỷ lệ hồ sơ toàn trình", Decimal("84.03"), "%")], name


def _big_workbook(path, rows: int, claimed_dimension: str | None = None):
    """A streamed (write-only) workbook of ``rows`` indicator rows; optionally a lying dimension tag."""
    import shutil
    import zipfile

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["Chỉ tiêu", "Kết quả", "Đơn vị tính"])
    for i in range(1, rows + 1):
        sheet.append([f"Hồ sơ nhóm {i}", i, "hồ sơ"])
    book.save(path)
    if claimed_dimension:  # what a corrupt or hostile file may claim: every row 16 384 cells wide
        patched = path.with_suffix(".tmp")
        with zipfile.ZipFile(path) as src, zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as dst:
            for item in src.infolist():
                data = src.read(item.filename)
                if item.filename.startswith("xl/worksheets/sheet"):
                    data = re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{claimed_dimension}"/>'.encode(), data)
                    if b"<dimension" not in data:
                        data = data.replace(b"<sheetData", f'<dimension ref="{claimed_dimension}"/><sheetData'.encode(), 1)
                dst.writestr(item, data)
        shutil.move(patched, path)
    return path


def test_big_xlsx_is_read_up_to_the_row_limit_with_a_message(tmp_path):
    import tracemalloc

    from assistant.settings import Settings

    path = _big_workbook(tmp_path / "rat_lon.xlsx", 30_000)
    settings = Settings(facts_import_max_rows=1000)
    tracemalloc.start()
    result = import_facts(path, settings=settings)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(result.facts) == 999  # the header is the first of the 1000 rows read
    first = next(iter(result.facts))
    assert (first.name, first.value, first.unit) == ("Hồ sơ nhóm 1", 1, "hồ sơ")
    assert str(result.errors[-1]) == ("Dòng 1001: trang tính có hơn 1000 dòng; chỉ nhập 1000 dòng đầu, các dòng "
                                      "từ đây trở đi bị bỏ qua (hãy tách thành nhiều tệp nhỏ hơn)")
    assert peak < 40 * 2**20  # streamed: the 30 000 rows are never all in memory


def test_xlsx_with_a_lying_dimension_is_not_padded_to_16384_columns(tmp_path):
    import time
    import tracemalloc

    path = _big_workbook(tmp_path / "hong_kich_thuoc.xlsx", 400, claimed_dimension="A1:XFD1048576")
    tracemalloc.start()
    started = time.perf_counter()
    result = import_facts(path)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(result.facts) == 400 and not result.errors
    assert peak < 20 * 2**20 and elapsed < 20  # 400 × 16 384 padded cells would be ~6.5 M objects
