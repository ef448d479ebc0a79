"""The plain-text view of a skeleton that ``assistant outline`` prints, so what was read can be checked."""

from __future__ import annotations

from assistant.ingest.kinds import KIND_LABELS
from assistant.outline.types import ReportSkeleton

ORIGIN_LABELS = {"directive": "văn bản chỉ đạo", "previous_report": "báo cáo kỳ trước", "default": "đề cương mặc định"}


def format_skeleton(skeleton: ReportSkeleton) -> str:
    lines = [
        f"Nguồn: {skeleton.source or '(không có tệp)'} — {ORIGIN_LABELS[skeleton.origin]}",
        f"Trích yếu: {skeleton.title or '(chưa xác định)'}",
        f"Kỳ báo cáo: {skeleton.period or '(chưa xác định)'}",
        f"Kính gửi: {'; '.join(skeleton.recipients) if skeleton.recipients else '(chưa xác định)'}",
        f"Thời hạn: {skeleton.deadline.strftime('%d/%m/%Y') if skeleton.deadline else '(không nêu)'}",
    ]
    if skeleton.directive:
        lines.append(f"Căn cứ: {skeleton.directive.opening_line}")
    lines.append("")
    lines.append("Đề cương:")
    for depth, section in skeleton.walk():
        kind = KIND_LABELS.get(section.kind, section.kind.value)
        lines.append(f"{'  ' * (depth + 1)}{section.heading}  [{kind}]")
        if section.guidance:
            guidance = section.guidance.replace("\n", " ")
            lines.append(f"{'  ' * (depth + 2)}↳ {guidance[:160]}{'…' if len(guidance) > 160 else ''}")
    if not skeleton.sections:
        lines.append("  (không có)")
    lines.append("")
    if skeleton.columns or skeleton.indicators:
        lines.append("Bảng chỉ tiêu — cột: " + " | ".join(skeleton.columns))
        group = None
        for i in skeleton.indicators:
            if i.group and i.group != group:
                lines.append(f"  {i.group}")
                group = i.group
            extra = [x for x in (i.unit and f"đơn vị: {i.unit}", i.target and f"kế hoạch: {i.target}",
                                 i.previous and f"kỳ trước: {i.previous}") if x]
            lines.append(f"    {(i.numbering + ' ') if i.numbering else ''}{i.name}" + (f" ({'; '.join(extra)})" if extra else ""))
    else:
        lines.append("Bảng chỉ tiêu: (không có)")
    if skeleton.notes:
        lines.append("")
        lines += [f"Lưu ý: {n}" for n in skeleton.notes]
    return "\n".join(lines)
