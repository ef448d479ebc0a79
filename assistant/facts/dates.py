"""Dates and document references of a report: ``check_dates(text) -> list[Finding]``. (stub)"""
from __future__ import annotations
from assistant.facts.findings import Finding


def check_dates(text: str) -> list[Finding]:
    return []
