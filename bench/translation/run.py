"""Translation benchmark: stock argostranslate vs Welkom's /translate vs CTranslate2's ceiling.

    make bench-translation                 # 200 messages, 8 clients, beam 4, both packages
    make bench-translation BENCH_ARGS="--messages 50 --variants plain"
    make bench-translation BENCH_ARGS="--parts b,d --variants plain"   # (b) and (d) exact alone

Two packages the size of an official Argos package (Transformer 6+6 layers, width 512, 32k
vocabulary, int8, about 60 MB) are built once with Welkom's package builder (random weights) into
var/bench/translation/: "plain", and "decisive" (output layer scaled x2 so the best next token
usually has most of the probability, as with a trained model; same layers and output lengths, so the
same work: see ``ModelShape.official``). For each package, each part in its own process:

  (a) stock ``argostranslate.translate.translate()`` once per message, default settings (only its
      sentence splitter is swapped for Welkom's pysbd one: the stock one downloads a model; and no
      log handler is installed, as in a plain script);
  (b) Welkom: gunicorn (3 gthread processes, as docker-compose.yml runs it), a translation worker
      (threads pool, Redis broker) and 8 concurrent clients calling ``POST /translate`` with an
      API key, with an empty glossary (stock has none: the shared glossary would keep "gemeente"
      out of the model in 15 of the 200 messages); "exact" batches (the default) and "padded";
  (c) CTranslate2's ``translate_batch`` on all sentences at once, for several thread settings and
      batch sizes; the fastest is the ceiling;
  (d) CTranslate2 alone, given the messages 8 at a time (what 8 clients that send one message and
      wait for it can have in flight), with no HTTP, queue or tokenising around it: the most any
      server can get from 8 clients. "exact" splits each group by padding range as (b) does.

It prints messages/s, p50/p95 latency, process memory, how many of (b)'s outputs equal (a)'s, the
load average around each part (other jobs share the machine), and whether 5x (a) is possible at
all here. Redis comes from REDIS_URL (the Makefile passes REDIS_URL_TEST). Results go to
var/bench/translation/results.json.

The history of the figures and what was learnt from them: bench/README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import logging
import os
import resource
import secrets
import socket
import subprocess
import sys
import threading
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
BACKEND = ROOT / "backend"
WORK = ROOT / "var" / "bench" / "translation"
VARIANTS = ("plain", "decisive")
EMPTY_GLOSSARY = WORK / "empty-glossary.yaml"
WEB_WORKERS = 3  # gunicorn processes (gthread), as docker-compose.yml runs the web service


def package_file(variant: str) -> Path:
    return WORK / (
        "translate-nl_en-bench.argosmodel"
        if variant == "plain"
        else f"translate-nl_en-bench-{variant}.argosmodel"
    )


def packages_dir(variant: str) -> Path:
    return WORK / ("packages" if variant == "plain" else f"packages-{variant}")


sys.path[:0] = [str(BACKEND), str(ROOT)]

from bench.host import describe  # noqa: E402
from bench.translation.messages import messages  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def rss_mb(pid: int) -> tuple[float, float]:
    """(current, peak) resident memory of a process in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def cpu_seconds(pid: int | None = None) -> float:
    """CPU time (user + system) of a process so far: this one, or another by pid."""
    if pid is None:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _django(packages_dir: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ["WELKOM_TRANSLATION_PACKAGES_DIR"] = str(packages_dir)
    import django

    django.setup()


# --- Preparing the package ------------------------------------------------------------------------


def prepare(variant: str) -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    from welkom.translation.package_builder import ModelShape, build_package

    shape = ModelShape.official(decisive=variant == "decisive")
    target = package_file(variant)
    stamp = target.with_suffix(".shape.txt")
    vocabulary = WORK / "sentencepiece-32k.model"  # kept: training 32k pieces takes minutes
    builder = Path(build_package.__code__.co_filename).read_bytes()
    wanted = repr(shape) + hashlib.sha256(builder).hexdigest()
    if not target.exists() or not stamp.exists() or stamp.read_text() != wanted:
        print(f"Building the {variant} benchmark package ({shape})…", flush=True)
        started = time.perf_counter()
        build_package(
            target,
            from_code="nl",
            to_code="en",
            from_name="Dutch",
            to_name="English",
            shape=shape,
            seed=7,
            sentencepiece_model=vocabulary if vocabulary.exists() else None,
        )
        if not vocabulary.exists():
            with zipfile.ZipFile(target) as archive:
                vocabulary.write_bytes(archive.read("translate-nl_en/sentencepiece.model"))
        stamp.write_text(wanted)
        print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
    EMPTY_GLOSSARY.write_text("keep: []\ntranslate: {}\n")
    _django(packages_dir(variant))
    from django.conf import settings

    from welkom.translation import packages

    settings.TRANSLATION_PACKAGES_DIR = str(packages_dir(variant))  # Django is set up once per process
    installed = packages.install_package(target)
    model = Path(installed.path) / "model" / "model.bin"
    print(
        f"Package ({variant}): {target.stat().st_size / 1e6:.1f} MB file,"
        f" model.bin {model.stat().st_size / 1e6:.1f} MB"
    )


# --- (a) stock argostranslate ---------------------------------------------------------------------


def part_a(texts: list[str], variant: str) -> dict[str, object]:
    os.environ["ARGOS_PACKAGES_DIR"] = str(packages_dir(variant))
    _django(packages_dir(variant))
    # A plain script has no log handler: argostranslate's INFO lines (every text) go nowhere.
    # Django's console handler would print them all and slow (a) down.
    logging.getLogger().handlers.clear()
    from argostranslate import translate

    from welkom.translation.engine import PysbdSentencizer

    translate.get_installed_languages()  # fills installed_translates
    assert translate.installed_translates, "argostranslate found no package"
    for installed in translate.installed_translates:
        installed.cached_translation.underlying.sentencizer = PysbdSentencizer("nl")
    translate.translate("Dit is een opwarmzin.", "nl", "en")
    outputs, latencies = [], []
    load_before = os.getloadavg()[0]
    cpu_before = cpu_seconds()
    started = time.perf_counter()
    for text in texts:
        begin = time.perf_counter()
        outputs.append(translate.translate(text, "nl", "en"))
        latencies.append(time.perf_counter() - begin)
    elapsed = time.perf_counter() - started
    cpu = cpu_seconds() - cpu_before
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "outputs": outputs,
        "latencies": latencies,
        "elapsed": elapsed,
        "cpu_seconds": cpu,
        "memory_mb": peak,
        "load": [load_before, os.getloadavg()[0]],
    }


# --- (c) CTranslate2's ceiling --------------------------------------------------------------------


# (inter_threads, intra_threads, max_batch_size): every split of the cores into calls, batch sizes
# from what 8 clients can gather up to more than one call per length.
def _combinations(cores: int) -> list[tuple[int, int, int]]:
    splits = sorted(
        {(1, cores), (cores, 1), *((n, cores // n) for n in (2, 4) if cores % n == 0 and n < cores)}
    )
    return [(inter, intra, batch) for inter, intra in splits for batch in (8, 16, 32, 64, 128)]


def part_c(texts: list[str], variant: str, only: str | None, clients: int) -> dict[str, object]:
    _django(packages_dir(variant))
    import ctranslate2
    import numpy as np
    from argostranslate.package import Package

    from welkom.translation import packages
    from welkom.translation.engine import PysbdSentencizer

    installed = packages.packages_by_pair()[("nl", "en")]
    model = str(Path(installed.path) / "model")
    package = Package(Path(installed.path))
    splitter = PysbdSentencizer("nl")
    sentences = [package.tokenizer.encode(s) for text in texts for s in splitter.split_sentences(text)]
    combinations = _combinations(os.cpu_count() or 2)
    if only:
        combinations = [tuple(int(part) for part in only.split(","))]  # type: ignore[misc]
    best: dict[str, object] | None = None
    tried = []
    load_before = os.getloadavg()[0]
    for inter, intra, batch in combinations:
        translator = ctranslate2.Translator(model, device="cpu", inter_threads=inter, intra_threads=intra)
        translator.translate_batch(sentences[:8], beam_size=4)
        cpu_before = cpu_seconds()
        started = time.perf_counter()
        translator.translate_batch(
            sentences,
            beam_size=4,
            max_batch_size=batch,
            batch_type="examples",
            length_penalty=0.2,
            replace_unknowns=True,
            return_scores=True,
        )
        elapsed = time.perf_counter() - started
        tried.append(
            {
                "inter_threads": inter,
                "intra_threads": intra,
                "max_batch_size": batch,
                "elapsed": round(elapsed, 2),
                "cpu_seconds": round(cpu_seconds() - cpu_before, 1),
                "msgs_per_s": round(len(texts) / elapsed, 2),
            }
        )
        if best is None or elapsed < best["elapsed"]:  # type: ignore[operator]
            best = tried[-1]
        del translator
    bound = _part_d(model, package, splitter, texts, clients)
    # How decisive the model is: the probability of the best next token, greedy decoding.
    translator = ctranslate2.Translator(model, device="cpu", inter_threads=1, intra_threads=1)
    probabilities, lengths = [], []
    for result in translator.translate_batch(sentences[:40], beam_size=1, return_logits_vocab=True):
        lengths.append(len(result.hypotheses[0]))
        for step in result.logits[0]:
            logits = np.asarray(step, dtype=np.float64)
            probabilities.append(1 / np.exp(logits - logits.max()).sum())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "best": best,
        "tried": tried,
        "bound": bound,
        "sentences": len(sentences),
        "memory_mb": peak,
        "top1_probability_mean": round(float(np.mean(probabilities)), 2),
        "top1_probability_median": round(float(np.median(probabilities)), 2),
        "greedy_output_tokens_mean": round(float(np.mean(lengths)), 1),
        "load": [load_before, os.getloadavg()[0]],
    }


# --- (d) The most N clients allow -----------------------------------------------------------------


def part_d(texts: list[str], variant: str, clients: int) -> dict[str, object]:
    """(d) without (c)'s search of thread settings and batch sizes (``--parts d``)."""
    _django(packages_dir(variant))
    from argostranslate.package import Package

    from welkom.translation import packages
    from welkom.translation.engine import PysbdSentencizer

    installed = packages.packages_by_pair()[("nl", "en")]
    load_before = os.getloadavg()[0]
    found = _part_d(
        str(Path(installed.path) / "model"),
        Package(Path(installed.path)),
        PysbdSentencizer("nl"),
        texts,
        clients,
    )
    return found | {"load": [load_before, os.getloadavg()[0]]}


def exact_ranges() -> Any:
    """The padding ranges within which the translation worker lets sentences share a call on this
    host (what it published when it loaded the model in (b)); without that, what its default
    (``auto``) chooses: 1-15 and 16+ on AVX-512 hosts, each padded length apart elsewhere. (d)'s
    exact bound groups sentences the same way: grouped otherwise, they would not all keep
    argostranslate's output here, so it would not bound an exact server."""
    from welkom.translation.engine import PaddingRanges, batching_modes, cpu_signature, parse_pad_boundaries

    published = batching_modes().get("nl-en", {}).get("boundaries")
    if published is not None:  # "" too: padding never matters there
        return PaddingRanges(parse_pad_boundaries(published))
    return PaddingRanges((16,)) if "avx512" in cpu_signature() else PaddingRanges(None)


def _part_d(model: str, package: Any, splitter: Any, texts: list[str], clients: int) -> dict[str, object]:
    """CTranslate2 alone, fed the way N clients that send one message each and wait can feed it.

    At most N messages are in flight, so no server can put more of them into its calls. Here they
    come N at a time (in order), with no HTTP, queue, tokenising or waiting between them: each
    group's sentences go into one call per padding range argostranslate gives them ("exact", as
    Welkom's default) or into two length-sorted halves ("padded"), the calls of a group side by
    side (2 calls x 1 thread, (c)'s best split on 2 cores). Welkom's (b) can only come close to
    this, so (b)/(d) is how much of the possible the server gets, and (d)/(c) the most that N
    one-message clients allow."""
    import ctranslate2

    from welkom.translation.engine import argos_padded_lengths

    ranges = exact_ranges()
    messages_tokens = []
    for text in texts:
        tokens = [package.tokenizer.encode(sentence) for sentence in splitter.split_sentences(text)]
        padded = argos_padded_lengths([len(sentence) for sentence in tokens])
        messages_tokens.append(
            [(sentence, ranges.key(length)) for sentence, length in zip(tokens, padded, strict=True)]
        )
    slots = 2 if (os.cpu_count() or 1) >= 2 else 1
    translator = ctranslate2.Translator(
        model, device="cpu", inter_threads=slots, intra_threads=max(1, (os.cpu_count() or 1) // slots)
    )

    def call(batch: list[list[str]]) -> None:
        if batch:
            translator.translate_batch(
                batch,
                beam_size=4,
                max_batch_size=len(batch),
                batch_type="examples",
                length_penalty=0.2,
                replace_unknowns=True,
                return_scores=True,
            )

    call([sentence for sentence, _ in messages_tokens[0]])
    found: dict[str, object] = {"clients": clients, "exact_ranges": repr(ranges)}
    with ThreadPoolExecutor(max_workers=slots) as pool:
        for mode in ("exact", "padded"):
            cpu_before = cpu_seconds()
            started = time.perf_counter()
            for first in range(0, len(messages_tokens), clients):
                group = [entry for message in messages_tokens[first : first + clients] for entry in message]
                if mode == "exact":  # one call per padding range (its sentences keep their numbers)
                    keys = sorted({key for _, key in group})
                    calls = [[s for s, key in group if key == wanted] for wanted in keys]
                else:
                    ordered = sorted((s for s, _ in group), key=len)
                    calls = [ordered[: len(ordered) // 2], ordered[len(ordered) // 2 :]]
                list(pool.map(call, calls))
            elapsed = time.perf_counter() - started
            found[mode] = {
                "msgs_per_s": round(len(texts) / elapsed, 2),
                "cpu_ms_per_msg": round(1000 * (cpu_seconds() - cpu_before) / len(texts)),
            }
    return found


# --- (b) Welkom's /translate ------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def drive(
    port: int, texts: list[str], clients: int, body: dict[str, str], *, timeout: float
) -> dict[str, Any]:
    """``clients`` threads, each sending one message to ``/translate`` on ``port`` and waiting for its
    answer before the next, until every text is sent: outputs, latencies, errors and elapsed time."""
    outputs: list[str | None] = [None] * len(texts)
    latencies: list[float] = [0.0] * len(texts)
    errors: list[str] = []
    position = iter(range(len(texts)))
    lock = threading.Lock()

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        while True:
            with lock:
                index = next(position, None)
            if index is None:
                return
            begin = time.perf_counter()
            status, answer = _post(port, {"q": texts[index], **body}, connection)
            latencies[index] = time.perf_counter() - begin
            if status != 200:
                errors.append(f"{status} {answer}")
            else:
                outputs[index] = answer["translatedText"]

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "outputs": outputs,
        "latencies": latencies,
        "errors": errors,
        "elapsed": time.perf_counter() - started,
    }


def part_b(texts: list[str], clients: int, engine: dict[str, str], variant: str) -> dict[str, object]:
    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/14"
    database = WORK / "bench.sqlite3"
    database.unlink(missing_ok=True)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": f"sqlite:///{database}",
        "CELERY_BROKER_URL": redis_url,
        "REDIS_URL": redis_url,
        "WELKOM_TRANSLATION_PACKAGES_DIR": str(packages_dir(variant)),
        "WELKOM_TRANSLATION_GLOSSARY": str(EMPTY_GLOSSARY),  # as stock: no glossary
        "WELKOM_TRANSLATION_REQUESTS_PER_MINUTE": "1000000",
        "WELKOM_TRANSLATION_CACHE_SECONDS": "0",  # every message goes to the model
        "DJANGO_LOG_LEVEL": "WARNING",
        **engine,
    }
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v", "0"], cwd=BACKEND, env=env, check=True)
    setup = (
        "from welkom.accounts.models import Organisation, User;"
        "from welkom.translation import services;"
        "org = Organisation.objects.create(name='Bench', slug='bench');"
        "user = User.objects.create_user("
        "email='bench@bench.test', password=None, organisation=org, role='hr');"
        "print(services.api_key_create(organisation=org, name='bench', created_by=user)[1])"
    )
    key = (
        subprocess.run(
            [python, "manage.py", "shell", "-c", setup],
            cwd=BACKEND,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    port = _free_port()
    celery = str(Path(python).with_name("celery"))
    gunicorn = str(Path(python).with_name("gunicorn"))
    worker = subprocess.Popen(
        [
            celery,
            "-A",
            "config",
            "worker",
            "-Q",
            "translation",
            "--pool",
            "threads",
            "--concurrency",
            str(clients),
            "-n",
            f"bench-translation-{secrets.token_hex(3)}@%h",
            "--without-gossip",
            "--without-mingle",
            "-l",
            "warning",
        ],
        cwd=BACKEND,
        env=env,
    )
    web = subprocess.Popen(
        [
            gunicorn,
            "config.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "--workers",
            str(WEB_WORKERS),
            "--threads",
            str(clients),
            "--log-level",
            "warning",
        ],
        cwd=BACKEND,
        env=env,
    )
    try:
        warm = ["Welkom in het team.", "Tot morgen!", "Fijn weekend allemaal."]
        deadline = time.monotonic() + 120
        while True:
            try:
                status, _ = _post(port, {"q": warm, "source": "nl", "target": "en", "api_key": key})
                if status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("Welkom did not answer within 120 s")
            time.sleep(0.5)
        batching = subprocess.run(
            [python, "manage.py", "shell", "-c",
             "import json; from welkom.translation.engine import batching_modes;"
             " print(json.dumps({pair: e['mode'] for pair, e in batching_modes().items()}))"],
            cwd=BACKEND, env=env, capture_output=True, text=True, check=False,
        ).stdout.strip().splitlines()[-1:]  # fmt: skip
        print(
            f"   ({variant}, {engine}) the worker batches: {' '.join(batching) or 'not published'}",
            flush=True,
        )
        # The round trip without the model: a text that is only a URL (kept, never translated)
        # still goes web -> Redis -> worker -> result store -> web.
        round_trips = []
        for _ in range(20):
            begin = time.perf_counter()
            _post(port, {"q": "https://welkom.example/", "source": "nl", "target": "en", "api_key": key})
            round_trips.append(time.perf_counter() - begin)
        load_before = os.getloadavg()[0]
        cpu_before = cpu_seconds(worker.pid), sum(cpu_seconds(pid) for pid in [web.pid, *_children(web.pid)])
        run = drive(port, texts, clients, {"source": "nl", "target": "en", "api_key": key}, timeout=120)
        outputs, latencies, errors, elapsed = run["outputs"], run["latencies"], run["errors"], run["elapsed"]
        worker_cpu = cpu_seconds(worker.pid) - cpu_before[0]
        web_cpu = sum(cpu_seconds(pid) for pid in [web.pid, *_children(web.pid)]) - cpu_before[1]
        worker_memory = rss_mb(worker.pid)
        web_memory = max(rss_mb(pid) for pid in [web.pid, *_children(web.pid)])
    finally:
        for process in (web, worker):
            process.terminate()
        for process in (web, worker):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
    return {
        "outputs": outputs,
        "latencies": latencies,
        "elapsed": elapsed,
        "errors": errors[:5],
        "worker_memory_mb": worker_memory,
        "web_memory_mb": web_memory,
        "round_trip_p50_ms": percentile(round_trips, 0.5) * 1000,
        "worker_cpu_seconds": worker_cpu,
        "web_cpu_seconds": web_cpu,
        "load": [load_before, os.getloadavg()[0]],
    }


def _post(port: int, body: dict[str, object], connection: http.client.HTTPConnection | None = None):  # type: ignore[no-untyped-def]
    own = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    own.request("POST", "/translate", json.dumps(body), {"Content-Type": "application/json"})
    response = own.getresponse()
    data = json.loads(response.read() or b"null")
    if connection is None:
        own.close()
    return response.status, data


# --- Running ----------------------------------------------------------------------------------------


def _child(
    part: str, count: int, variant: str, only: str | None = None, clients: int = 8
) -> dict[str, object]:
    command = [sys.executable, __file__, "--part", part, "--messages", str(count), "--variants", variant]
    command += ["--clients", str(clients)]
    if only:
        command += ["--c-only", only]
    completed = subprocess.run(command, check=False, capture_output=True, text=True)
    if completed.returncode:
        sys.exit(f"({part}) failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _ms(values: list[float], share: float) -> int:
    return round(percentile(values, share) * 1000)


def _same(first: list[str], second: list[str | None]) -> int:
    return sum(1 for x, y in zip(first, second, strict=True) if x == y)


def run_variant(
    variant: str, texts: list[str], options: argparse.Namespace, only: str | None
) -> dict[str, object]:
    prepare(variant)
    n = len(texts)
    parts = set(options.parts.split(","))
    if "a" not in parts:
        return _run_some(variant, texts, options, parts)
    print(f"[{variant}] (a) stock argostranslate, one message at a time…", flush=True)
    a = _child("a", n, variant)
    (WORK / f"stock-outputs-{variant}.json").write_text(
        json.dumps(
            {
                "package": hashlib.sha256(package_file(variant).read_bytes()).hexdigest() + f"|{n}",
                "outputs": a["outputs"],
            }
        )
    )
    threads = {
        "WELKOM_TRANSLATION_INTER_THREADS": str(options.inter_threads),
        "WELKOM_TRANSLATION_INTRA_THREADS": str(options.intra_threads),
        "WELKOM_TRANSLATION_BATCH_WAIT_MS": str(options.batch_wait_ms),
        "WELKOM_TRANSLATION_BATCH_QUIET_MS": str(options.batch_quiet_ms),
    }
    print(
        f"[{variant}] (b) Welkom /translate, {options.clients} clients, exact batches (default)…", flush=True
    )
    b = part_b(texts, options.clients, {"WELKOM_TRANSLATION_EXACT_BATCHES": "true", **threads}, variant)
    print(f"[{variant}] (b) Welkom /translate, {options.clients} clients, padded batches…", flush=True)
    b2 = part_b(texts, options.clients, {"WELKOM_TRANSLATION_EXACT_BATCHES": "false", **threads}, variant)
    print(f"[{variant}] (c) CTranslate2 translate_batch, thread settings and batch sizes…", flush=True)
    c = _child("c", n, variant, only, options.clients)
    rate_a = n / a["elapsed"]  # type: ignore[operator]
    rate_c = n / c["best"]["elapsed"]  # type: ignore[index]
    summary: dict[str, object] = {
        "variant": variant,
        "messages": n,
        "top1_probability_mean": c["top1_probability_mean"],
        "top1_probability_median": c["top1_probability_median"],
        "greedy_output_tokens_mean": c["greedy_output_tokens_mean"],
        "a_msgs_per_s": round(rate_a, 2),
        "a_p50_ms": _ms(a["latencies"], 0.5),  # type: ignore[arg-type]
        "a_p95_ms": _ms(a["latencies"], 0.95),  # type: ignore[arg-type]
        "a_process_peak_mb": round(a["memory_mb"]),  # type: ignore[arg-type]
        "a_cpu_ms_per_msg": round(1000 * a["cpu_seconds"] / n),  # type: ignore[operator]
        "a_load": a["load"],
        "c_msgs_per_s": round(rate_c, 2),
        "c_best": c["best"],
        "c_cpu_ms_per_msg": round(1000 * c["best"]["cpu_seconds"] / n),  # type: ignore[index]
        "c_tried": c["tried"],
        "c_load": c["load"],
        "c_over_a": round(rate_c / rate_a, 2),
        "d_bound": c["bound"],
    }
    for name, result in (("b_exact", b), ("b_padded", b2)):
        rate = n / result["elapsed"]  # type: ignore[operator]
        summary |= {
            f"{name}_msgs_per_s": round(rate, 2),
            f"{name}_p50_ms": _ms(result["latencies"], 0.5),  # type: ignore[arg-type]
            f"{name}_p95_ms": _ms(result["latencies"], 0.95),  # type: ignore[arg-type]
            f"{name}_worker_rss_mb": round(result["worker_memory_mb"][0]),  # type: ignore[index]
            f"{name}_worker_peak_mb": round(result["worker_memory_mb"][1]),  # type: ignore[index]
            f"{name}_web_rss_mb": round(result["web_memory_mb"][0]),  # type: ignore[index]
            f"{name}_round_trip_p50_ms": round(result["round_trip_p50_ms"]),  # type: ignore[arg-type]
            f"{name}_worker_cpu_ms_per_msg": round(1000 * result["worker_cpu_seconds"] / n),  # type: ignore[operator]
            f"{name}_web_cpu_ms_per_msg": round(1000 * result["web_cpu_seconds"] / n),  # type: ignore[operator]
            f"{name}_identical": _same(a["outputs"], result["outputs"]),  # type: ignore[arg-type]
            f"{name}_errors": result["errors"],
            f"{name}_load": result["load"],
            f"{name}_over_a": round(rate / rate_a, 2),
            f"{name}_share_of_c": round(rate / rate_c, 2),
        }
    return summary


def _stock_outputs(variant: str, count: int) -> list[str]:
    """(a)'s outputs, which (b) must equal: kept from the last whole run (or made once by (a))."""
    kept = WORK / f"stock-outputs-{variant}.json"
    wanted = hashlib.sha256(package_file(variant).read_bytes()).hexdigest() + f"|{count}"
    if kept.exists():
        stored = json.loads(kept.read_text())
        if stored.get("package") == wanted:
            return list(stored["outputs"])
    print(f"[{variant}] (a) stock argostranslate once, for the outputs (b) must equal…", flush=True)
    outputs = list(_child("a", count, variant)["outputs"])  # type: ignore[call-overload]
    kept.write_text(json.dumps({"package": wanted, "outputs": outputs}))
    return outputs


def _run_some(
    variant: str, texts: list[str], options: argparse.Namespace, parts: set[str]
) -> dict[str, object]:
    """``--parts`` without (a): (b) exact and (d) exact alone, for comparing Welkom's CPU per
    message before and after a change (no (c) search). (b)'s outputs are compared with stock's
    from the last whole run (or from one run of (a), made once and kept)."""
    n = len(texts)
    summary: dict[str, object] = {"variant": variant, "messages": n, "parts": sorted(parts)}
    if "b" in parts:
        print(f"[{variant}] (b) Welkom /translate, {options.clients} clients, exact batches…", flush=True)
        engine = {
            "WELKOM_TRANSLATION_EXACT_BATCHES": "true",
            "WELKOM_TRANSLATION_INTER_THREADS": str(options.inter_threads),
            "WELKOM_TRANSLATION_INTRA_THREADS": str(options.intra_threads),
            "WELKOM_TRANSLATION_BATCH_WAIT_MS": str(options.batch_wait_ms),
            "WELKOM_TRANSLATION_BATCH_QUIET_MS": str(options.batch_quiet_ms),
        }
        b = part_b(texts, options.clients, engine, variant)
        rate = n / b["elapsed"]  # type: ignore[operator]
        stock = _stock_outputs(variant, n)
        summary |= {
            "b_exact_identical": _same(stock, b["outputs"]),  # type: ignore[arg-type]
            "b_exact_msgs_per_s": round(rate, 2),
            "b_exact_p50_ms": _ms(b["latencies"], 0.5),  # type: ignore[arg-type]
            "b_exact_p95_ms": _ms(b["latencies"], 0.95),  # type: ignore[arg-type]
            "b_exact_round_trip_p50_ms": round(b["round_trip_p50_ms"]),  # type: ignore[arg-type]
            "b_exact_worker_cpu_ms_per_msg": round(1000 * b["worker_cpu_seconds"] / n),  # type: ignore[operator]
            "b_exact_web_cpu_ms_per_msg": round(1000 * b["web_cpu_seconds"] / n),  # type: ignore[operator]
            "b_exact_errors": b["errors"],
            "b_exact_load": b["load"],
        }
        print(
            f"(b) exact  {rate:.2f} msg/s, p50 {summary['b_exact_p50_ms']} ms, p95"
            f" {summary['b_exact_p95_ms']} ms, CPU per message: worker"
            f" {summary['b_exact_worker_cpu_ms_per_msg']} ms, web {summary['b_exact_web_cpu_ms_per_msg']} ms;"
            f" round trip without the model p50 {summary['b_exact_round_trip_p50_ms']} ms;"
            f" load {_load(b['load'])}; same as stock {summary['b_exact_identical']}/{n}",
            flush=True,
        )
        if b["errors"]:
            print("   errors:", b["errors"])
    if "d" in parts:
        print(f"[{variant}] (d) CTranslate2 alone, {options.clients} messages at a time…", flush=True)
        d = _child("d", n, variant, None, options.clients)
        summary["d_bound"] = d
        exact = d["exact"]
        print(
            f"(d) exact  {exact['msgs_per_s']:.2f} msg/s, CPU {exact['cpu_ms_per_msg']} ms per message"
            f" (sentences share a call within: {d['exact_ranges']}); padded {d['padded']['msgs_per_s']:.2f}"
            f" msg/s (not exact); load {_load(d['load'])}",
            flush=True,
        )
        if "b" in parts:
            print(f"(b)/(d) {summary['b_exact_msgs_per_s'] / exact['msgs_per_s']:.0%}", flush=True)  # type: ignore[operator]
    return summary


def report(summary: dict[str, object]) -> None:
    if "parts" in summary:  # a partial run prints as it goes
        return
    s = summary
    n = s["messages"]
    print()
    print(
        f"Package {s['variant']}: greedy top-1 probability mean {s['top1_probability_mean']}"
        f" (median {s['top1_probability_median']}), {s['greedy_output_tokens_mean']} output tokens"
    )
    print(
        f"{'':13}{'messages/s':>11}{'p50 ms':>8}{'p95 ms':>8}{'same as (a)':>13}{'load':>11}"
        f"{'CPU ms/msg':>12}  memory"
    )
    print(
        f"(a) stock    {s['a_msgs_per_s']:11.2f}{s['a_p50_ms']:8}{s['a_p95_ms']:8}{'':13}"
        f"{_load(s['a_load']):>11}{s['a_cpu_ms_per_msg']:12}  process peak {s['a_process_peak_mb']} MB"
    )
    for name, label in (("b_exact", "(b) exact "), ("b_padded", "(b) padded")):
        print(
            f"{label}   {s[name + '_msgs_per_s']:11.2f}{s[name + '_p50_ms']:8}{s[name + '_p95_ms']:8}"
            f"{str(s[name + '_identical']) + '/' + str(n):>13}{_load(s[name + '_load']):>11}"
            f"{s[name + '_worker_cpu_ms_per_msg']:12}  worker {s[name + '_worker_rss_mb']} MB"
            f" (peak {s[name + '_worker_peak_mb']}), web {s[name + '_web_rss_mb']} MB"
            f" ({s[name + '_web_cpu_ms_per_msg']} ms CPU/msg)"
        )
        if s[name + "_errors"]:
            print("   errors:", s[name + "_errors"])
    best = s["c_best"]
    print(
        f"(c) ceiling  {s['c_msgs_per_s']:11.2f}{'':29}{_load(s['c_load']):>11}{s['c_cpu_ms_per_msg']:12}"
        f"  inter_threads {best['inter_threads']}, intra_threads {best['intra_threads']},"  # type: ignore[index]
        f" batch {best['max_batch_size']}"  # type: ignore[index]
    )
    print(
        "    tried: "
        + ", ".join(
            f"{t['inter_threads']}x{t['intra_threads']}/{t['max_batch_size']}: {t['msgs_per_s']}"
            f" ({round(1000 * t['cpu_seconds'] / n)} ms CPU)"
            for t in s["c_tried"]  # type: ignore[attr-defined]
        )
    )
    bound = s["d_bound"]
    for mode in ("exact", "padded"):
        d = bound[mode]  # type: ignore[index]
        print(
            f"(d) {mode:7}  {d['msgs_per_s']:11.2f}{'':40}{d['cpu_ms_per_msg']:12}  CTranslate2 alone,"
            f" {bound['clients']} messages at a time: {d['msgs_per_s'] / s['c_msgs_per_s']:.0%} of (c)"  # type: ignore[index,operator]
        )
    print(
        f"(b) exact = {s['b_exact_over_a']}x (a) (target 5x), {s['b_exact_share_of_c']:.0%} of (c)"
        f" (target 80%), {s['b_exact_msgs_per_s'] / bound['exact']['msgs_per_s']:.0%} of (d);"  # type: ignore[index,operator]
        f" round trip without the model p50 {s['b_exact_round_trip_p50_ms']} ms"
    )
    if float(s["c_over_a"]) < 5:  # type: ignore[arg-type]
        print(
            f"5x (a) would be {5 * float(s['a_msgs_per_s']):.2f} messages/s, but the ceiling (c) is"  # type: ignore[arg-type]
            f" {s['c_msgs_per_s']} = {s['c_over_a']}x (a): 5x (a) is not reachable on this machine"
            f" ({os.cpu_count()} cores), whatever Welkom does."
        )


def _load(values: object) -> str:
    before, after = values  # type: ignore[misc]
    return f"{before:.1f}-{after:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--variants", default=",".join(VARIANTS), help="plain,decisive")
    parser.add_argument("--inter-threads", type=int, default=2, help="for (b)'s worker")
    parser.add_argument("--intra-threads", type=int, default=0, help="for (b)'s worker (0: cores / inter)")
    parser.add_argument("--batch-wait-ms", type=float, default=100.0, help="for (b)'s worker")
    parser.add_argument("--batch-quiet-ms", type=float, default=50.0, help="for (b)'s worker")
    parser.add_argument(
        "--parts",
        default="a,b,c,d",
        help="a,b,c,d (all, the default), or b and/or d alone: (b) exact and (d) exact, CPU per message",
    )
    parser.add_argument("--part", choices=["a", "c", "d"], help=argparse.SUPPRESS)
    parser.add_argument("--c-only", help=argparse.SUPPRESS)
    options = parser.parse_args()
    texts = messages(options.messages)
    variants = [variant for variant in options.variants.split(",") if variant]
    if options.part == "a":
        print(json.dumps(part_a(texts, variants[0])))
        return
    if options.part == "c":
        print(json.dumps(part_c(texts, variants[0], options.c_only, options.clients)))
        return
    if options.part == "d":
        print(json.dumps(part_d(texts, variants[0], options.clients)))
        return

    print(f"{len(texts)} messages, beam 4, {os.cpu_count()} cores; load average now {os.getloadavg()[0]:.1f}")
    print(describe(), flush=True)
    summaries: list[dict[str, object]] = []
    only = None
    results = "results.json"
    for variant in variants:
        summaries.append(run_variant(variant, texts, options, only))
        report(summaries[-1])
        if "c_best" in summaries[-1]:
            best = summaries[-1]["c_best"]
            # The decisive package does the same work: its ceiling is measured at the plain one's best.
            only = f"{best['inter_threads']},{best['intra_threads']},{best['max_batch_size']}"  # type: ignore[index]
        stamp = {
            "date": time.strftime("%Y-%m-%d %H:%M"),
            "cores": os.cpu_count(),
            "cpu": _cpu_name(),
            "host": describe(),
            "load_average_now": round(os.getloadavg()[0], 1),
            "options": vars(options),
        }
        # A run of some parts does not overwrite the last whole run's figures.
        results = "results.json" if "parts" not in summaries[-1] else "results-parts.json"
        (WORK / results).write_text(json.dumps({**stamp, "packages": summaries}, indent=2))
    print()
    print(f"Results written to {WORK / results}")


def _cpu_name() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "unknown"


if __name__ == "__main__":
    main()
