import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, asApiError, type Schemas } from "../../api/client";
import { languageName } from "../../i18n/format";
import { CHAT_LANGUAGES } from "./ChatPanel";
import { HelperPreview, type Corrections } from "./HelperPreview";

/** The translation helper on its own, for e-mails and notices: same glossary, hints and memory. */
export function WritingHelperPage() {
  const { t, i18n } = useTranslation();
  const [text, setText] = useState("");
  const [targets, setTargets] = useState<string[]>(["en", "pl"]);
  const [preview, setPreview] = useState<Schemas["Preview"] | null>(null);
  const [corrections, setCorrections] = useState<Corrections>({});
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function translate() {
    setBusy(true);
    const { data, error: failure } = await api.POST("/api/chat/helper/preview", { body: { text, targets } });
    setBusy(false);
    setCorrections({});
    if (data) {
      setPreview(data);
      setError(null);
    } else setError(asApiError(failure, t("errors.network")).detail);
  }

  async function saveCorrection(language: string) {
    if (!preview) return;
    const { data, error: failure } = await api.POST("/api/chat/helper/memory", {
      body: { source: preview.source, target: language, source_text: text, translated_text: corrections[language] },
    });
    if (data) setNotice(t("helper.correctionSaved", { language: languageName(language, i18n.language) }));
    else setError(asApiError(failure, t("errors.network")).detail);
  }

  return (
    <section className="card" aria-labelledby="translate-title">
      <h1 id="translate-title">{t("helper.translateTitle")}</h1>
      <p className="muted small">{t("helper.translateIntro")}</p>
      <form onSubmit={(event) => { event.preventDefault(); void translate(); }}>
        <label htmlFor="translate-text">{t("helper.text")}</label>
        <textarea id="translate-text" dir="auto" rows={6} value={text} onChange={(event) => { setText(event.target.value); setPreview(null); }} />
        <fieldset className="helper-targets">
          <legend>{t("helper.targets")}</legend>
          {CHAT_LANGUAGES.map((code) => (
            <label key={code} className="checkbox">
              <input
                type="checkbox"
                checked={targets.includes(code)}
                onChange={(event) =>
                  setTargets(event.target.checked ? [...targets, code] : targets.filter((item) => item !== code))
                }
              />
              {languageName(code, i18n.language)}
            </label>
          ))}
        </fieldset>
        {error && <p className="form-error" role="alert">{error}</p>}
        <button type="submit" className="primary" disabled={busy || !text.trim() || targets.length === 0}>
          {busy ? t("common.busy") : t("helper.translate")}
        </button>
      </form>
      {notice && <p className="notice" role="status">{notice}</p>}
      {preview && (
        <HelperPreview
          preview={preview}
          corrections={corrections}
          onCorrect={(language, value) =>
            setCorrections((current) => {
              const next = { ...current };
              if (value === null) delete next[language];
              else next[language] = value;
              return next;
            })
          }
          onSaveCorrection={(language) => void saveCorrection(language)}
        />
      )}
    </section>
  );
}
