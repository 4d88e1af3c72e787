import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { languageName } from "../../i18n/format";

export type Corrections = Record<string, string>;

function Hints({ hints }: { hints: Schemas["Hint"][] }) {
  const { t } = useTranslation();
  if (!hints.length) return <p className="small muted">{t("helper.noHints")}</p>;
  return (
    <ul className="helper-hints">
      {hints.map((hint) => (
        <li key={`${hint.kind}-${hint.start}`} className={`hint hint-${hint.kind}`}>
          <strong>{t(`helper.hint.${hint.kind}`)}</strong>{" "}
          <mark>{hint.phrase.length > 80 ? `${hint.phrase.slice(0, 80)}…` : hint.phrase}</mark>
          {hint.suggestion && <> — {t("helper.suggestion", { suggestion: hint.suggestion })}</>}
          {Object.keys(hint.translations).length > 0 && (
            <> — {Object.entries(hint.translations).map(([code, text]) => `${code}: ${text}`).join(", ")}</>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The helper's answer: hints on the text, then each language with its back-translation and a
 * field to correct it by hand. */
export function HelperPreview({
  preview,
  corrections,
  onCorrect,
  onSaveCorrection,
}: {
  preview: Schemas["Preview"];
  corrections: Corrections;
  onCorrect: (language: string, text: string | null) => void;
  onSaveCorrection?: (language: string) => void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <div className="helper-preview" aria-label={t("helper.previewTitle")}>
      <h2>{t("helper.hintsTitle")}</h2>
      <Hints hints={preview.hints} />
      <h2>{t("helper.previewTitle")}</h2>
      {preview.translations.length === 0 && <p className="empty">{t("helper.noLanguages")}</p>}
      {preview.translations.map((line) => {
        const name = languageName(line.language, i18n.language);
        const corrected = corrections[line.language];
        return (
          <div key={line.language} className="helper-line" data-language={line.language}>
            <h3>{name}{line.origin === "memory" && <span className="badge">{t("helper.approved")}</span>}</h3>
            {line.demo && <p className="notice small" data-demo="true">{line.notice ?? t("chat.demoPackage")}</p>}
            {line.text === null ? (
              <p className="small muted">{t("chat.untranslated", { reason: line.reason ?? "" })}</p>
            ) : (
              <>
                <label htmlFor={`line-${line.language}`}>{t("helper.translation", { language: name })}</label>
                <textarea
                  id={`line-${line.language}`}
                  lang={line.language}
                  dir="auto"
                  rows={2}
                  value={corrected ?? line.text}
                  onChange={(event) => onCorrect(line.language, event.target.value === line.text ? null : event.target.value)}
                />
                <p className="small muted" data-testid="correction-remembered">{t("helper.correctionRemembered")}</p>
                {/* Only from a real route: the server sends none of or by a demo package. */}
                {line.back_translation && (
                  <p className="small" data-testid="back-translation">
                    <span className="muted">{t("helper.backTranslation")}</span>{" "}
                    <q>{line.back_translation}</q>
                  </p>
                )}
                {corrected !== undefined && onSaveCorrection && (
                  <button type="button" className="secondary" onClick={() => onSaveCorrection(line.language)}>
                    {t("helper.saveCorrection")}
                  </button>
                )}
              </>
            )}
          </div>
        );
      })}
    </div>
  );
}
