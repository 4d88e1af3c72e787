import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, asApiError, type Schemas } from "../../api/client";

type Kind = Schemas["FeedbackItemKindEnum"];

/** "Did this help?" with an optional comment in any language (for newcomers). */
export function HelpfulPrompt({ kind, refId }: { kind: Kind; refId: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [helpful, setHelpful] = useState<boolean | null>(null);
  const [comment, setComment] = useState("");
  const [state, setState] = useState<"idle" | "saved" | "error">("idle");
  const [error, setError] = useState("");

  async function send(value: boolean, text: string) {
    setHelpful(value);
    const { data, error: problem } = await api.POST("/api/feedback", {
      body: { kind, ref: refId, helpful: value, comment: text },
    });
    if (data) setState("saved");
    else {
      setState("error");
      setError(asApiError(problem, t("errors.network")).detail);
    }
  }

  return (
    <section className="helpful" aria-labelledby={`${id}-q`}>
      <p id={`${id}-q`}><strong>{t("feedback.question")}</strong></p>
      <div className="helpful-buttons">
        <button type="button" aria-pressed={helpful === true} onClick={() => send(true, comment)}>{t("feedback.yes")}</button>
        <button type="button" aria-pressed={helpful === false} onClick={() => send(false, comment)}>{t("feedback.no")}</button>
      </div>
      {helpful !== null && (
        <form
          className="stack"
          onSubmit={(event) => {
            event.preventDefault();
            void send(helpful, comment);
          }}
        >
          <label htmlFor={`${id}-c`}>{t("feedback.comment")}</label>
          <textarea id={`${id}-c`} maxLength={1000} value={comment} onChange={(e) => setComment(e.target.value)} />
          <button type="submit">{t("feedback.send")}</button>
        </form>
      )}
      {state === "saved" && <p role="status">{t("feedback.thanks")}</p>}
      {state === "error" && <p className="form-error" role="alert">{error}</p>}
    </section>
  );
}
