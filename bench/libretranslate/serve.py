"""Starts LibreTranslate offline: run by the Python of LibreTranslate's own virtualenv, not Welkom's.

    <venv>/bin/python bench/libretranslate/serve.py --host 127.0.0.1 --port 5000 --load-only nl,en

The same as the ``libretranslate`` command, with two changes so that nothing is downloaded:

- the start does not look for models (with fewer than two packages installed, LibreTranslate asks
  Argos Translate's package index for them, and then MiniSBD for its sentence models): the bench
  installs the package it translates with;
- sentences are split with pysbd, as Welkom does and as bench/translation/run.py's (a) does for
  stock argostranslate (LibreTranslate's MiniSBD downloads an ONNX model per language).

argostranslate's INFO lines (seven per text, with every hypothesis) are left out, as Welkom's bench
runs at WARNING.
"""

from __future__ import annotations

import logging
import sys
import threading

import libretranslate.init
import pysbd
from argostranslate import translate
from libretranslate.main import main
from pysbd.languages import LANGUAGE_CODES


class PysbdSentencizer:
    """Welkom's sentence splitter (backend/welkom/translation/engine.py), in argostranslate's shape."""

    def __init__(self, pkg: object) -> None:
        code = getattr(pkg, "from_code", "en")
        self._segmenter = pysbd.Segmenter(language=code if code in LANGUAGE_CODES else "en", clean=False)
        self._lock = threading.Lock()  # pysbd keeps state while it segments

    def split_sentences(self, text: str) -> list[str]:
        if not text.strip():
            return []
        with self._lock:
            return [sentence for sentence in self._segmenter.segment(text) if sentence.strip()]


def _no_model_check(*args: object, **kwargs: object) -> None:
    print("Models: using the installed packages (no index, no download)", flush=True)


libretranslate.init.boot = _no_model_check
logging.getLogger("argostranslate.utils").setLevel(logging.WARNING)  # it sets INFO itself
translate.MiniSBDSentencizer = PysbdSentencizer  # type: ignore[misc,assignment]

if __name__ == "__main__":
    sys.argv[0] = "libretranslate"
    sys.exit(main())
