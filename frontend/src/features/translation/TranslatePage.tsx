import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useSession } from "../../app/session";
import { QueryStatus } from "../../components/QueryStatus";
import {
  REVIEWER_ROLES,
  saveCorrection,
  targetsFor,
  translate,
  TranslationFailed,
  useLanguages,
} from "./translationApi";

/** Write once, preview the translation, read the back-translation to check the meaning. */
export function TranslatePage() {
  const { t } = useTranslation();
  const query = useLanguages();
  const languages = query.data ?? null;
  const [source, setSource] = useState("auto");
  const [target, setTarget] = useState("");
  const [text, setText] = useState("");
  const [result, setResult] = useState<{
    text: string; back: string | null; detected?: string; source: string; target: string; original: string;
  } | null>(null);
  const [correction, setCorrection] = useState("");
  const [saved, setSaved] = useState("");
  const { me } = useSession();
  const canCorrect = !!me && REVIEWER_ROLES.includes(me.role ?? "");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  const targets = languages ? targetsFor(languages, source) : [];
  const chosenTarget = targets.includes(target) ? target : (targets[0] ?? "");
  const name = (code: string) => languages?.find((language) => language.code === code)?.name ?? code;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError("");
    setResult(null);
    if (!text.trim()) {
      setError(t("translation.emptyText"));
      return;
    }
    setBusy(true);
    try {
      const forward = await translate(text, source, chosenTarget, t("errors.network"));
      const from = source === "auto" ? forward.detected ?? "" : source;
      let back: string | null = null;
      if (from && from !== chosenTarget && targetsFor(languages ?? [], chosenTarget).includes(from)) {
        back = (await translate(forward.text, chosenTarget, from, t("errors.network"))).text;
      }
      setResult({
        text: forward.text, back, detected: source === "auto" ? from : undefined,
        source: from, target: chosenTarget, original: text,
      });
      setCorrection(forward.text);
      setSaved("");
    } catch (failure) {
      setError(failure instanceof TranslationFailed ? failure.message : t("errors.network"));
    } finally {
      setBusy(false);
    }
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!result) return;
    const problem = await saveCorrection({
      source_language: result.source, target_language: result.target,
      source_text: result.original, translated_text: correction,
    });
    setSaved(problem ?? t("translation.saved"));
  }

  if (languages === null) return <QueryStatus query={query} />;

  return (
    <div className="stack">
      <header className="page-header">
        <h1>{t("translation.title")}</h1>
        <p className="muted">{t("translation.intro")}</p>
      </header>
      {languages.length === 0 ? (
        <p className="empty">{t("translation.noLanguages")}</p>
      ) : (
        <section className="card" aria-labelledby="translate-title">
          <h2 id="translate-title" className="visually-hidden">{t("translation.title")}</h2>
          <form onSubmit={submit} noValidate>
            <label htmlFor="translate-source">{t("translation.from")}</label>
            <select id="translate-source" value={source} onChange={(event) => setSource(event.target.value)}>
              <option value="auto">{t("translation.detect")}</option>
              {languages.map((language) => (
                <option key={language.code} value={language.code}>{language.name}</option>
              ))}
            </select>
            <label htmlFor="translate-target">{t("translation.to")}</label>
            <select id="translate-target" value={chosenTarget} onChange={(event) => setTarget(event.target.value)}>
              {targets.map((code) => (
                <option key={code} value={code}>{name(code)}</option>
              ))}
            </select>
            <label htmlFor="translate-text">{t("translation.text")}</label>
            <textarea
              id="translate-text"
              dir="auto"
              rows={5}
              value={text}
              onChange={(event) => setText(event.target.value)}
              aria-describedby="translate-hint"
            />
            <p id="translate-hint" className="muted small">{t("translation.hint")}</p>
            {error && <p className="form-error" role="alert">{error}</p>}
            <button type="submit" className="primary" disabled={busy || !chosenTarget}>
              {busy ? t("common.busy") : t("translation.submit")}
            </button>
          </form>
        </section>
      )}
      {result && (
        <section className="card" aria-live="polite">
          {result.detected && (
            <p className="muted small">{t("translation.detected", { language: name(result.detected) })}</p>
          )}
          <h2>{t("translation.result")}</h2>
          <p className="translation-output" dir="auto" data-testid="translation-output">{result.text}</p>
          {result.back !== null && (
            <>
              <h3>{t("translation.back")}</h3>
              <p className="muted translation-output" dir="auto">{result.back}</p>
            </>
          )}
          {canCorrect && result.source && (
            <form onSubmit={save} noValidate>
              <label htmlFor="translate-correction">{t("translation.correction")}</label>
              <textarea
                id="translate-correction"
                rows={3}
                value={correction}
                onChange={(event) => setCorrection(event.target.value)}
              />
              <button type="submit" className="primary" disabled={!correction.trim()}>
                {t("translation.saveCorrection")}
              </button>
              {saved && <p role="status" className="notice">{saved}</p>}
            </form>
          )}
        </section>
      )}
    </div>
  );
}
