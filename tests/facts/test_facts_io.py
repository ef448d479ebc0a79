from decimal import Decimal

from openpyxl import Workbook

from assistant.facts import Fact, FactSet, export_facts, export_pasted_table, import_facts, import_pasted_table

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
