"""Render public/icons/icon.svg to the PNG sizes the web app manifest names, with Chromium.

Run from frontend/: ../.venv/bin/python scripts/make_icons.py (the PNGs are committed).
"""

import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

ICONS = Path(__file__).resolve().parents[1] / "public" / "icons"
SVG = (ICONS / "icon.svg").read_text()
# Maskable icons keep their content inside the middle 80 %: the same house on a full green square.
MASKABLE = SVG.replace('rx="96"', 'rx="0"').replace("<path", '<g transform="translate(51 51) scale(0.8)"><path', 1)
MASKABLE = MASKABLE.replace("</svg>", "</g></svg>")

with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium")
    for name, svg, size in [
        ("icon-192.png", SVG, 192),
        ("icon-512.png", SVG, 512),
        ("icon-maskable-512.png", MASKABLE, 512),
        ("apple-touch-icon.png", MASKABLE, 180),
    ]:
        page = browser.new_page(viewport={"width": size, "height": size})
        page.set_content(
            f"<html><body style='margin:0;background:transparent'>"
            f"<div style='width:{size}px;height:{size}px'>{svg.replace('<svg ', f'<svg width={size} height={size} ', 1)}</div>"
            f"</body></html>"
        )
        page.screenshot(path=str(ICONS / name), omit_background=True)
        page.close()
    browser.close()
print("icons written to", ICONS)
