import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, asApiError, type Schemas } from "../../api/client";
import { useTerms } from "./useTerms";
import { prepareForSpeech, segments, sentences, voiceFor } from "./speech";
import "./reading.css";

const RATES = [0.6, 0.8, 1, 1.2, 1.5];
const POLL_MS = 1000;
const POLLS = 60;

/** Which item is read, so the server's voice can read the same text (it checks the reader may). */
export interface SpeechSource {
  kind: Schemas["SpeechSourceKindEnum"];
  ref: string;
}

/** Reads ``text`` aloud in ``lang`` with the device's own voices (Web Speech API, offline): play,
 * pause, stop, slower/faster; the sentence being read is shown marked, Dutch terms in it are read
 * with a Dutch voice when the device has one. Without a voice for the language it says so and how to
 * add one, and offers the server's voice for ``source`` (audio made by espeak-ng on the server). */
export function ReadAloud({ text, lang, label, source }: { text: string; lang: string; label?: string; source?: SpeechSource }) {
  const { t } = useTranslation();
  const synth = typeof window !== "undefined" ? window.speechSynthesis : undefined;
  const [voices, setVoices] = useState<SpeechSynthesisVoice[]>(() => synth?.getVoices() ?? []);
  const [state, setState] = useState<"idle" | "playing" | "paused">("idle");
  const [current, setCurrent] = useState(-1);
  const [rate, setRate] = useState(2);
  const [noVoice, setNoVoice] = useState(false);
  const stopped = useRef(false);
  const terms = useTerms().data?.results;
  const parts = useMemo(() => sentences(prepareForSpeech(text, lang)), [text, lang]);
  const termForms = useMemo(() => (terms ?? []).flatMap((term) => [term.term, ...term.also]), [terms]);

  useEffect(() => {
    if (!synth) return;
    const update = () => setVoices(synth.getVoices());
    synth.addEventListener?.("voiceschanged", update);
    return () => {
      synth.removeEventListener?.("voiceschanged", update);
    };
  }, [synth]);

  useEffect(() => () => synth?.cancel(), [synth]);

  function speakFrom(index: number, speed = rate) {
    if (!synth) return setNoVoice(true);
    const available = voices.length ? voices : synth.getVoices();
    const voice = voiceFor(available, lang);
    if (!voice) return setNoVoice(true);
    if (index >= parts.length) {
      setState("idle");
      setCurrent(-1);
      return;
    }
    const dutch = voiceFor(available, "nl");
    const pieces = segments(parts[index], lang, dutch ? termForms : []);
    stopped.current = false;
    setCurrent(index);
    setState("playing");
    pieces.forEach((piece, position) => {
      const utterance = new SpeechSynthesisUtterance(piece.text);
      const pieceVoice = piece.lang === "nl" && dutch ? dutch : voice;
      utterance.voice = pieceVoice;
      utterance.lang = pieceVoice.lang;
      utterance.rate = RATES[speed];
      if (position === pieces.length - 1) {
        utterance.onend = () => {
          if (!stopped.current) speakFrom(index + 1, speed);
        };
      }
      synth.speak(utterance);
    });
  }

  function play() {
    if (state === "paused" && synth) {
      synth.resume();
      setState("playing");
      return;
    }
    speakFrom(0);
  }

  function stop() {
    stopped.current = true;
    synth?.cancel();
    setState("idle");
    setCurrent(-1);
  }

  function changeRate(step: number) {
    const next = Math.max(0, Math.min(RATES.length - 1, rate + step));
    setRate(next);
    if (state === "playing" && synth) {
      stopped.current = true;
      synth.cancel();
      speakFrom(Math.max(current, 0), next);
    }
  }

  return (
    <div className="read-aloud" role="group" aria-label={label ?? t("readAloud.label")}>
      <div className="read-aloud-controls">
        {state === "playing" ? (
          <button type="button" onClick={() => { synth?.pause(); setState("paused"); }}>{t("readAloud.pause")}</button>
        ) : (
          <button type="button" onClick={play}>{state === "paused" ? t("readAloud.resume") : t("readAloud.play")}</button>
        )}
        <button type="button" onClick={stop} disabled={state === "idle"}>{t("readAloud.stop")}</button>
        <button type="button" onClick={() => changeRate(-1)} disabled={rate === 0}>{t("readAloud.slower")}</button>
        <button type="button" onClick={() => changeRate(1)} disabled={rate === RATES.length - 1}>{t("readAloud.faster")}</button>
      </div>
      {current >= 0 && (
        <p className="read-aloud-current" lang={lang} aria-live="polite">
          <mark>{parts[current]}</mark>
        </p>
      )}
      {noVoice && (
        <div className="notice" role="alert">
          <p>{t("readAloud.noVoice")}</p>
          <p>{t("readAloud.addAndroid")}</p>
          <p>{t("readAloud.addIos")}</p>
          {source && <ServerVoice source={source} lang={lang} />}
        </div>
      )}
    </div>
  );
}

/** The server's voice: asks for the audio (made once, then kept), waits while it is made, plays it. */
function ServerVoice({ source, lang }: { source: SpeechSource; lang: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<"idle" | "waiting" | "ready" | "failed">("idle");
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState("");
  const live = useRef(true);
  useEffect(() => () => {
    live.current = false;
  }, []);

  async function ask() {
    setState("waiting");
    for (let attempt = 0; attempt < POLLS && live.current; attempt += 1) {
      const { data, error: problem } = await api.POST("/api/speech", { body: { kind: source.kind, ref: source.ref, lang } });
      if (!live.current) return;
      if (!data) {
        setError(asApiError(problem, t("errors.network")).detail);
        return setState("failed");
      }
      if (data.status === "ready" && data.url) {
        setUrl(data.url);
        return setState("ready");
      }
      if (data.status === "failed") break;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    if (live.current) {
      setError(t("readAloud.serverFailed"));
      setState("failed");
    }
  }

  return (
    <div className="read-aloud-server">
      <p>{t("readAloud.serverOffer")}</p>
      {state !== "ready" && (
        <button type="button" onClick={() => void ask()} disabled={state === "waiting"}>
          {t("readAloud.serverPlay")}
        </button>
      )}
      {state === "waiting" && <p role="status">{t("readAloud.serverWaiting")}</p>}
      {state === "ready" && url && (
        // eslint-disable-next-line jsx-a11y/media-has-caption -- the text it reads is on the page
        <audio controls autoPlay src={url} aria-label={t("readAloud.serverAudio")} />
      )}
      {state === "failed" && <p className="form-error" role="alert">{error}</p>}
    </div>
  );
}

/** Read aloud folded away behind one tap, for short texts in lists (notifications, chat messages). */
export function ReadAloudToggle({ text, lang, source, summary }: { text: string; lang: string; source?: SpeechSource; summary?: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <details className="read-aloud-toggle" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{summary ?? t("readAloud.open")}</summary>
      {open && <ReadAloud text={text} lang={lang} source={source} />}
    </details>
  );
}
