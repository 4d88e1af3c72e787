import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, asApiError, type Schemas } from "../../api/client";

type Question = Schemas["QuizQuestion"];
type Feedback = Schemas["AnswerFeedback"];

/** One quiz question. The server scores the answer; the right options arrive only after answering. */
export function QuizQuestion({ slug, question, lang, onAnswered }: {
  slug: string;
  question: Question;
  lang: string;
  onAnswered: (key: string, feedback: Feedback) => void;
}) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<string[]>(question.answer?.chosen ?? []);
  const [feedback, setFeedback] = useState<Feedback | null>(question.answer ?? null);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const single = question.kind === "single";
  const name = `quiz-${question.key}`;

  function toggle(id: string, checked: boolean) {
    setFeedback(null);
    setChosen((current) => (single ? [id] : checked ? [...current, id] : current.filter((item) => item !== id)));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError("");
    setBusy(true);
    const { data, error: body } = await api.POST("/api/modules/{slug}/quiz/{key}", {
      params: { path: { slug, key: question.key }, query: { lang } },
      body: { choices: chosen },
    });
    setBusy(false);
    if (data) {
      setFeedback(data);
      onAnswered(question.key, data);
    } else {
      const problem = asApiError(body, t("errors.network"));
      setError(problem.fields.choices?.join(" ") ?? problem.detail);
    }
  }

  return (
    <form className="quiz-question" onSubmit={submit} noValidate>
      <fieldset>
        <legend>{question.question}</legend>
        <p className="muted small">{t(single ? "modules.quiz.chooseOne" : "modules.quiz.chooseAll")}</p>
        {question.options.map((option) => {
          const right = feedback?.correct_choices.includes(option.id);
          const picked = chosen.includes(option.id);
          const mark = feedback ? (right ? "right" : picked ? "wrong" : "") : "";
          return (
            <label key={option.id} className={`quiz-option ${mark}`}>
              <input
                type={single ? "radio" : "checkbox"}
                name={name}
                value={option.id}
                checked={picked}
                onChange={(event) => toggle(option.id, event.target.checked)}
              />
              <span>{option.text}</span>
              {feedback && right && <span className="visually-hidden">{t("modules.quiz.rightOption")}</span>}
            </label>
          );
        })}
      </fieldset>
      {error && <p className="form-error" role="alert">{error}</p>}
      {feedback && (
        <div className={`quiz-feedback ${feedback.correct ? "right" : "wrong"}`} role="status">
          <strong>{t(feedback.correct ? "modules.quiz.correct" : "modules.quiz.incorrect")}</strong>
          <p>{feedback.explanation}</p>
        </div>
      )}
      <button type="submit" className="primary" disabled={busy || chosen.length === 0}>
        {t(feedback ? "modules.quiz.again" : "modules.quiz.check")}
      </button>
    </form>
  );
}
