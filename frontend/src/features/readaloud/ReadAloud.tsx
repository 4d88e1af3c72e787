import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { prepareForSpeech, sentences, voiceFor } from "./speech";
import "./readaloud.css";

const RATES = [0.6, 0.8, 1, 1.2, 1.5];

/** Reads ``text`` aloud in ``lang`` with the device's own voices (Web Speech API, offline): play,
 * pause, stop, slower/faster; the sentence being read is shown marked. Without a voice for the
 * language it says so and how to add one. */
export function ReadAloud({ text, lang, label }: { text: string; lang: string; label?: string }) {
  const { t } = useTranslation();
  const synth = typeof window !== "undefined" ? window.speechSynthesis : undefined;
  const [voices, setVoices] = useState<SpeechSynthesisVoice[]>(() => synth?.getVoices() ?? []);
  const [state, setState] = useState<"idle" | "playing" | "paused">("idle");
  const [current, setCurrent] = useState(-1);
  const [rate, setRate] = useState(2);
  const [noVoice, setNoVoice] = useState(false);
  const stopped = useRef(false);
  const parts = sentences(prepareForSpeech(text, lang));

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
    const voice = voiceFor(voices.length ? voices : synth.getVoices(), lang);
    if (!voice) return setNoVoice(true);
    if (index >= parts.length) {
      setState("idle");
      setCurrent(-1);
      return;
    }
    const utterance = new SpeechSynthesisUtterance(parts[index]);
    utterance.voice = voice;
    utterance.lang = voice.lang;
    utterance.rate = RATES[speed];
    utterance.onend = () => {
      if (!stopped.current) speakFrom(index + 1, speed);
    };
    stopped.current = false;
    setCurrent(index);
    setState("playing");
    synth.speak(utterance);
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
        </div>
      )}
    </div>
  );
}
