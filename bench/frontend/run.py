"""What the newcomer's phone downloads and how soon it shows something (`make bench-frontend`).

1. Size: JavaScript and CSS of the newcomer's first screen (the entry, its imports, the home
   screen's chunk and the first part of the catalog of the newcomer's language, English, which
   the first screen waits for; from Vite's manifest), gzipped as WhiteNoise serves them. Target: at most 150 KB.
2. First contentful paint in Chromium with a slow-4G network (CDP Network.emulateNetworkConditions)
   and a 4x CPU slowdown (Emulation.setCPUThrottlingRate), against a local production-like server
   (gunicorn, DEBUG off, collected and compressed static files). Target: under 2.5 s.
   Measured for the login page and the newcomer's home, cold (nothing cached, no service worker)
   and warm (service worker installed: the app shell comes from the phone). The page's HTML paints
   a static "Welkom" bar before the scripts arrive, so the largest contentful paint (the screen's
   real content) is reported beside FCP.

Prints a table and writes bench/frontend/out/results.json. Talks only to 127.0.0.1.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "frontend" / "dist"
OUT = Path(__file__).resolve().parent / "out"
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
SIZE_TARGET_KB = 150
FCP_TARGET_MS = 2500

# Lighthouse's "slow 4G": 150 ms RTT x 3.75, 1.6 Mbit/s x 0.9 down, 750 kbit/s x 0.9 up.
SLOW_4G = {
    "offline": False,
    "latency": 562.5,
    "downloadThroughput": 1.6 * 1024 * 1024 / 8 * 0.9,
    "uploadThroughput": 750 * 1024 / 8 * 0.9,
}
CPU_SLOWDOWN = 4


def first_screen_files() -> list[str]:
    manifest = json.loads((DIST / "manifest.json").read_text())
    wanted: list[str] = []

    def add(key: str) -> None:
        chunk = manifest[key]
        for name in [chunk["file"], *chunk.get("css", [])]:
            if name not in wanted:
                wanted.append(name)
        for imported in chunk.get("imports", []):
            add(imported)

    add("src/main.tsx")
    add("src/features/home/HomePage.tsx")  # the newcomer's first screen after log-in
    # The first part of the catalog of the demo newcomer's interface language (English): a chunk
    # of its own (frontend/src/i18n/parts.ts) that the app waits for before it renders.
    add(next(key for key, chunk in manifest.items() if chunk.get("name") == "catalog-en"))
    return wanted


def sizes() -> dict[str, object]:
    files = {}
    for name in first_screen_files():
        raw = (DIST / name).read_bytes()
        files[name] = {"raw": len(raw), "gzip": len(gzip.compress(raw, compresslevel=9))}
    total = sum(item["gzip"] for item in files.values())
    return {"files": files, "total_gzip": total, "target_gzip": SIZE_TARGET_KB * 1024}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(port: int) -> tuple[subprocess.Popen[bytes], dict[str, str]]:
    work = OUT / "server"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_DEBUG": "0",
        "DATABASE_URL": f"sqlite:///{work / 'bench.sqlite3'}",
        "CELERY_BROKER_URL": "memory://",
        "REDIS_URL": "",
    }
    manage = [str(PYTHON), "manage.py"]
    backend = ROOT / "backend"
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["seed_demo"]):
        subprocess.run(manage + command, cwd=backend, env=env, check=True, stdout=subprocess.DEVNULL)
    server = subprocess.Popen(
        [str(GUNICORN), "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2", "--log-level", "warning"],
        cwd=backend,
        env=env,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    else:
        server.terminate()
        raise SystemExit("the server did not start")
    return server, env


def paint_times(browser, base: str, path: str, *, login: bool, warm: bool) -> tuple[float, float]:
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        service_workers="allow" if warm else "block",
        bypass_csp=True,  # the harness's own probes use eval; the page itself is unchanged
    )
    page = context.new_page()
    if login:
        page.goto(f"{base}/login")
        token = next(c["value"] for c in context.cookies() if c["name"] == "csrftoken")
        answer = page.request.post(
            f"{base}/api/auth/login",
            data={"email": "newcomer@demo.welkom.test", "password": "welkom-demo-2026"},
            headers={"X-CSRFToken": token, "Referer": f"{base}/login"},
        )
        assert answer.ok, answer.text()
    if warm:
        page.goto(f"{base}{path}")
        page.evaluate("navigator.serviceWorker.ready")
        page.wait_for_function("navigator.serviceWorker.controller !== null")
        page.goto(f"{base}{path}")
        page.wait_for_load_state("networkidle")
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    if not warm:
        cdp.send("Network.clearBrowserCache")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    page.goto(f"{base}{path}", wait_until="load", timeout=120_000)
    page.wait_for_function(
        "performance.getEntriesByName('first-contentful-paint').length > 0", timeout=60_000
    )
    value = page.evaluate("performance.getEntriesByName('first-contentful-paint')[0].startTime")
    heading = page.locator("h1").first.inner_text(timeout=60_000)
    expected = "Welcome, " if login else "Log in"
    assert heading.startswith(expected), f"{path}: expected '{expected}…', the page shows '{heading}'"
    # The largest paint: the screen's real content (the static "Welkom" bar paints first).
    largest = page.evaluate(
        "new Promise(done => new PerformanceObserver(list => done(list.getEntries().at(-1).startTime))"
        ".observe({type: 'largest-contentful-paint', buffered: true}))"
    )
    context.close()
    return float(value), float(largest)


def paints() -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    port = free_port()
    server, _ = start_server(port)
    base = f"http://127.0.0.1:{port}"
    results: dict[str, object] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            cases = {
                "login page, cold": ("/login", False, False),
                "newcomer home, cold": ("/", True, False),
                "newcomer home, warm (service worker)": ("/", True, True),
            }
            for name, (path, login, warm) in cases.items():
                runs = [paint_times(browser, base, path, login=login, warm=warm) for _ in range(RUNS)]
                first = [run[0] for run in runs]
                largest = [run[1] for run in runs]
                results[name] = {
                    "fcp_runs_ms": [round(r) for r in first],
                    "fcp_median_ms": round(statistics.median(first)),
                    "lcp_median_ms": round(statistics.median(largest)),
                }
            browser.close()
    finally:
        server.terminate()
        server.wait(10)
    return results


def main() -> None:
    if not (DIST / "manifest.json").exists():
        raise SystemExit("frontend/dist is missing: run 'make install' first")
    OUT.mkdir(exist_ok=True)
    size = sizes()
    print("JavaScript and CSS for the newcomer's first screen (gzip -9):")
    for name, item in size["files"].items():  # type: ignore[union-attr]
        print(f"  {name:48} {item['raw'] / 1024:7.1f} KB raw  {item['gzip'] / 1024:6.1f} KB gz")
    total_kb = size["total_gzip"] / 1024  # type: ignore[operator]
    verdict = "ok" if total_kb <= SIZE_TARGET_KB else "OVER TARGET"
    print(f"  total {total_kb:.1f} KB gz (target <= {SIZE_TARGET_KB} KB): {verdict}")
    paint = paints()
    print(f"\nFirst contentful paint, slow 4G + {CPU_SLOWDOWN}x CPU slowdown, {RUNS} runs each:")
    for name, item in paint.items():
        median = item["fcp_median_ms"]  # type: ignore[index]
        verdict = "ok" if median < FCP_TARGET_MS else "OVER TARGET"
        print(
            f"  {name:38} FCP median {median:5d} ms {item['fcp_runs_ms']} ({verdict});"  # type: ignore[index]
            f" largest paint median {item['lcp_median_ms']} ms"  # type: ignore[index]
        )
    (OUT / "results.json").write_text(json.dumps({"size": size, "fcp": paint}, indent=2))
    print(f"\nwritten to {OUT / 'results.json'}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "backend"))
    main()
