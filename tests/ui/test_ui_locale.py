"""Every interface text the pinned Gradio's frontend may show on this app's screens is translated.

The keys are read from the installed Gradio's built frontend (the JavaScript it serves), so a Gradio
upgrade that adds a key fails here instead of showing "common.complete" to officers.
"""

from __future__ import annotations

import re
from pathlib import Path

import gradio as gr
import pytest

from ui.locale import APP_NAMESPACES, GRADIO_VI

ASSETS = Path(gr.__file__).parent / "templates" / "frontend" / "assets"
UI_DIR = Path(__file__).resolve().parents[2] / "ui"
# Components whose own texts live in namespaces left out of APP_NAMESPACES: the app must not build them.
UNUSED_COMPONENTS = ("Audio", "Image", "ImageEditor", "Video", "Gallery", "Model3D", "Plot", "LinePlot", "BarPlot",
                     "ScatterPlot", "Code", "ColorPicker", "HighlightedText", "AnnotatedImage", "Label", "Sketchpad")


def frontend_keys() -> set[str]:
    """Translation keys the frontend code looks up: `ns.key` string literals of Gradio's namespaces."""
    pattern = re.compile(r"[`'\"]((?:%s)\.[a-z0-9_]+)[`'\"]" % "|".join(map(re.escape, APP_NAMESPACES)))
    keys: set[str] = set()
    for js in ASSETS.glob("*.js"):
        keys |= set(pattern.findall(js.read_text(encoding="utf-8", errors="ignore")))
    return keys


def test_the_frontend_keys_are_found() -> None:
    keys = frontend_keys()
    assert {"common.complete", "upload_text.drop_file", "status.queue_position"} <= keys, sorted(keys)[:20]


def test_every_key_of_the_apps_namespaces_is_translated() -> None:
    # Plotly's attribute names ("label.font", "label.xanchor") happen to look like keys: not texts.
    keys = {k for k in frontend_keys() if not (k.startswith("label.") and k != "label.label")}
    missing = sorted(keys - set(GRADIO_VI))
    assert not missing, f"Chưa dịch các khóa giao diện của Gradio: {missing}"


def test_translations_are_vietnamese_not_the_english_text() -> None:
    assert GRADIO_VI["common.complete"] == "Hoàn tất"
    english_like = [k for k, v in GRADIO_VI.items() if re.fullmatch(r"[A-Za-z .,'{}]+", v) and v not in ("Video",)]
    assert not english_like, english_like


@pytest.mark.parametrize("component", UNUSED_COMPONENTS)
def test_components_with_untranslated_namespaces_are_not_used(component: str) -> None:
    uses = [p for p in UI_DIR.rglob("*.py") if re.search(rf"\bgr\.{component}\(", p.read_text(encoding="utf-8"))]
    assert not uses, f"gr.{component} is used in {uses}: add its namespace to APP_NAMESPACES and translate it"
