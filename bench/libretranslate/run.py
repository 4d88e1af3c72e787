"""LibreTranslate side by side with Welkom's /translate, on the same package, messages and clients.

    make bench-libretranslate                        # LibreTranslate 1.9.6, then Welkom (b) exact
    make bench-libretranslate BENCH_ARGS="--no-welkom"  # Welkom's figure from bench-translation's file

LibreTranslate runs from a virtualenv of its own in var/bench/libretranslate/venv (made on the first
run with uv, from the same package sources as ``make install``: the CPU build of torch 2.13.0 first,
so that LibreTranslate's dependencies do not pull a CUDA build, then libretranslate 1.9.6 and pysbd).
It gets bench/translation/run.py's "decisive" package (official size, random weights; built there if
missing) in its own Argos Translate folder, is started with ``--load-only nl,en`` and downloads
nothing (bench/libretranslate/serve.py). 8 concurrent clients each send one of the same 200 Dutch
messages to ``POST /translate`` and wait for the answer. Then, unless ``--no-welkom``, Welkom's own
part (b) of bench/translation/run.py (exact batches, its default) runs the same way, and the ratio
is printed. Results go to var/bench/libretranslate/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "backend"), str(ROOT)]

from bench.host import cpu_model, describe, load  # noqa: E402
from bench.translation import run as translation  # noqa: E402
from bench.translation.messages import messages  # noqa: E402

WORK = ROOT / "var" / "bench" / "libretranslate"
VENV = WORK / "venv"
VARIANT = "decisive"
# What the virtualenv holds; a change of these makes it again.
PINS = ("torch==2.13.0", "libretranslate==1.9.6", "pysbd==0.3.4")


def _uv(*args: str) -> None:
    uv = str(Path(sys.executable).with_name("uv"))
    subprocess.run([uv, *args], check=True)


def ensure_venv() -> None:
    stamp = VENV / "welkom-bench.txt"
    if stamp.exists() and stamp.read_text() == " ".join(PINS):
        return
    print(f"Making LibreTranslate's virtualenv in {VENV} ({', '.join(PINS)})…", flush=True)
    started = time.perf_counter()
    shutil.rmtree(VENV, ignore_errors=True)
    sources = subprocess.run(
        [sys.executable, str(ROOT / "requirements" / "locks.py"), "pip-sources"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    python = str(VENV / "bin" / "python")
    _uv("venv", str(VENV), "--python", "3.11")
    install = ["pip", "install", "--python", python, "--index-strategy", "unsafe-best-match", *sources]
    _uv(*install, PINS[0])  # the CPU build first
    _uv(*install, *PINS)
    stamp.write_text(" ".join(PINS))
    print(f"  made in {time.perf_counter() - started:.0f} s", flush=True)


def environment() -> dict[str, str]:
    """LibreTranslate's Argos Translate folders, all under var/bench/libretranslate."""
    return {
        **os.environ,
        "ARGOS_PACKAGES_DIR": str(WORK / "packages"),
        "XDG_DATA_HOME": str(WORK / "data"),
        "XDG_CONFIG_HOME": str(WORK / "config"),
        "XDG_CACHE_HOME": str(WORK / "cache"),
        "ARGOS_DEVICE_TYPE": "cpu",
    }


def install_package(package: Path) -> None:
    """Installs the package with LibreTranslate's own Argos Translate, unless already there."""
    folder = WORK / "packages"
    source = folder / "welkom-bench-source.txt"
    wanted = f"{package} {package.stat().st_size} {package.stat().st_mtime_ns}"
    if source.exists() and source.read_text() == wanted:
        return
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    subprocess.run(
        [
            str(VENV / "bin" / "python"),
            "-c",
            "import sys; from argostranslate import package; package.install_from_path(sys.argv[1])",
            str(package),
        ],
        env=environment(),
        check=True,
    )
    source.write_text(wanted)


def libretranslate(texts: list[str], clients: int, threads: int) -> dict[str, object]:
    port = translation._free_port()
    log = (WORK / "server.log").open("w")
    server = subprocess.Popen(
        [
            str(VENV / "bin" / "python"),
            str(Path(__file__).with_name("serve.py")),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--load-only",
            "nl,en",
            "--threads",
            str(threads),
        ],
        env=environment(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    body = {"source": "nl", "target": "en", "format": "text"}
    try:
        started = time.perf_counter()
        while True:
            try:
                status, _ = translation._post(port, {"q": "Welkom in het team.", **body})
                if status == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.perf_counter() - started > 180:
                raise RuntimeError(f"LibreTranslate did not answer within 180 s: see {WORK / 'server.log'}")
            time.sleep(0.5)
        print(f"  LibreTranslate answered after {time.perf_counter() - started:.0f} s", flush=True)
        load_before = os.getloadavg()[0]
        cpu_before = translation.cpu_seconds(server.pid)
        result = translation.drive(port, texts, clients, body, timeout=300)
        result["cpu_seconds"] = translation.cpu_seconds(server.pid) - cpu_before
        result["memory_mb"] = translation.rss_mb(server.pid)
        result["load"] = [load_before, os.getloadavg()[0]]
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    return result


def summary(result: dict[str, object], n: int) -> dict[str, object]:
    latencies: list[float] = result["latencies"]  # type: ignore[assignment]
    return {
        "msgs_per_s": round(n / result["elapsed"], 2),  # type: ignore[operator]
        "p50_ms": round(translation.percentile(latencies, 0.5) * 1000),
        "p95_ms": round(translation.percentile(latencies, 0.95) * 1000),
        "load": [round(value, 2) for value in result["load"]],  # type: ignore[attr-defined]
        "errors": result["errors"][:5],  # type: ignore[index]
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--threads", type=int, default=4, help="LibreTranslate's --threads (its default)")
    parser.add_argument(
        "--no-welkom", action="store_true", help="read Welkom's figure from bench-translation"
    )
    options = parser.parse_args()
    texts = messages(options.messages)
    n = len(texts)
    print(describe(), flush=True)
    load_start = load()
    ensure_venv()
    translation.prepare(VARIANT)  # builds bench-translation's package if missing, installs it for Welkom
    install_package(translation.package_file(VARIANT))

    print(f"LibreTranslate 1.9.6, {n} messages, {options.clients} clients (one message each)…", flush=True)
    lt = libretranslate(texts, options.clients, options.threads)
    found: dict[str, object] = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "cpu": cpu_model(),
        "host": describe(),
        "messages": n,
        "clients": options.clients,
        "package": translation.package_file(VARIANT).name,
        "libretranslate": {
            **summary(lt, n),
            "threads": options.threads,
            "cpu_ms_per_msg": round(1000 * lt["cpu_seconds"] / n),  # type: ignore[operator]
            "rss_mb": round(lt["memory_mb"][0]),  # type: ignore[index]
        },
    }
    welkom: dict[str, object] | None = None
    if not options.no_welkom:
        print(
            f"Welkom /translate (bench-translation's (b), exact batches), {options.clients} clients…",
            flush=True,
        )
        engine = {
            "WELKOM_TRANSLATION_EXACT_BATCHES": "true",
            "WELKOM_TRANSLATION_INTER_THREADS": "2",
            "WELKOM_TRANSLATION_INTRA_THREADS": "0",
            "WELKOM_TRANSLATION_BATCH_WAIT_MS": "100.0",
            "WELKOM_TRANSLATION_BATCH_QUIET_MS": "50.0",
        }
        b = translation.part_b(texts, options.clients, engine, VARIANT)
        welkom = {**summary(b, n), "source": "measured in this run"}
    else:
        saved = translation.WORK / "results.json"
        if saved.exists():
            data = json.loads(saved.read_text())
            for package in data.get("packages", []):
                if package["variant"] == VARIANT:
                    welkom = {
                        "msgs_per_s": package["b_exact_msgs_per_s"],
                        "p50_ms": package["b_exact_p50_ms"],
                        "p95_ms": package["b_exact_p95_ms"],
                        "load": package["b_exact_load"],
                        "source": f"{saved} ({data['date']}, {data['cpu']})",
                    }
        if welkom is None:
            print(
                f"No Welkom figure: run `make bench-translation` and read {saved} (package {VARIANT}, b_exact)."
            )
    found["welkom"] = welkom

    lt_figures: dict[str, object] = found["libretranslate"]  # type: ignore[assignment]
    print()
    print(f"{'':16}{'messages/s':>11}{'p50 ms':>8}{'p95 ms':>8}{'load':>12}")
    for label, figures in (("LibreTranslate", lt_figures), ("Welkom (b)", welkom)):
        if figures:
            print(
                f"{label:16}{figures['msgs_per_s']:11.2f}{figures['p50_ms']:8}{figures['p95_ms']:8}"
                f"{translation._load(figures['load']):>12}"
            )
            if figures.get("errors"):
                print("  errors:", figures["errors"])
    print(
        f"LibreTranslate: {lt_figures['cpu_ms_per_msg']} ms CPU per message, {lt_figures['rss_mb']} MB"
        f" resident, --threads {options.threads}"
    )
    if welkom:
        ratio = float(welkom["msgs_per_s"]) / float(lt_figures["msgs_per_s"])  # type: ignore[arg-type]
        found["ratio"] = round(ratio, 2)
        print(f"Welkom / LibreTranslate: {ratio:.2f}x messages/s ({welkom['source']})")
    print(f"Load average at the start {load_start}, at the end {load()}")
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "results.json").write_text(json.dumps(found, indent=2))
    print(f"Results written to {WORK / 'results.json'}")


if __name__ == "__main__":
    main()
