"""Helpers for the browser tests: Debian's Chromium driven by Playwright, at 1366×768.

Never ``playwright install``: the browser is the system's /usr/bin/chromium (the ``browser``
fixture in conftest.py). Screenshots go to ``artifacts/screenshots/`` (git-ignored).
"""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
TIMEOUT_MS = 90_000


def open_page(browser, url: str, **context_args):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True, **context_args)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url)
    return page


def open_tab(page, name: str) -> None:
    page.get_by_role("tab", name=name).click()


def type_over(box, text: str) -> None:
    """Replace a textarea's text the way an officer's edit arrives: the last keystroke is typed."""
    box.fill(text[:-1])
    box.press_sequentially(text[-1])


def export_docx(page, saved: Path, screenshot: str) -> Path:
    """On "Xuất văn bản": "Tạo tệp .docx", a screenshot once the link shows, then download to ``saved``."""
    page.locator("#export-btn").click()
    link = page.locator("#export-file a").first
    link.wait_for()
    page.screenshot(path=SHOTS / screenshot)
    with page.expect_download() as info:
        link.click()
    info.value.save_as(saved)
    return saved
