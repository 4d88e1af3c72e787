import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { asApiError, type Schemas } from "../../api/client";
import { useOutbox } from "../../offline/OutboxProvider";
import { useOutboxSettled } from "../../offline/useOutboxSettled";

type Question = Schemas["QuizQuestion"];
type Feedback = Schemas["AnswerFeedback"];

/** One quiz question. The server scores the answer; the right options arrive only after answering.
 *  An answer given to an older version of the question (it changed while the answer waited offline)
 *  is refused: the person is told, and `onStale` lets the page load the question as it is now. */
export function QuizQuestion({ slug, question, lang, onAnswered, onStale }: {
  slug: string;
  question: Question;
  lang: string;
  onAnswered: (key: string, feedback: Feedback) => void;
  onStale?: () => void;
}) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<string[]>(question.answer?.chosen ?? []);
  const [feedback, setFeedback] = useState<Feedback | null>(question.answer ?? null);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const [queued, setQueued] = useState(false);
  const { perform } = useOutbox();
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
    // Through the outbox: offline the answer waits on the phone; the feedback shows once it is sent.
    const result = await perform({
      method: "post",
      path: "/api/modules/{slug}/quiz/{key}",
      params: { slug, key: question.key },
      query: { lang },
      // The question as it was shown: a changed question refuses the answer (409) instead of scoring it.
      body: { choices: chosen, version: question.version },
      kind: "quizAnswer",
      labelValues: { question: question.question },
      screen: `/modules/${slug}`,
    });
    setBusy(false);
    if (result.state === "sent") answered(result.data as Feedback);
    else if (result.state === "queued") setQueued(true);
    else if (result.reason === "conflict" || result.reason === "gone") {
      setError(t(`outbox.outcome.quizAnswer.${result.reason}`));
      onStale?.();
    } else {
      const problem = asApiError(result.error, t("errors.network"));
      setError(problem.fields.choices?.join(" ") ?? problem.detail);
    }
  }

  function answered(data: Feedback) {
    setQueued(false);
    setFeedback(data);
    onAnswered(question.key, data);
  }
  useOutboxSettled(`/api/modules/${encodeURIComponent(slug)}/quiz/${encodeURIComponent(question.key)}`, (outcome) => {
    if (outcome.state === "sent") answered(outcome.data as Feedback);
    else {
      // The banner says what happened; here the question shows as it is now, ready to answer again.
      setQueued(false);
      onStale?.();
    }
  });

  return (
    <form className="quiz-question" id={`quiz-${question.key}`} onSubmit={submit} noValidate>
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
      {queued && <p className="notice" role="status">{t("offline.waiting")}</p>}
      {feedback && (
        <div className={`quiz-feedback ${feedback.correct ? "right" : "wrong"}`} role="status">
          <strong>{t(feedback.correct ? "modules.quiz.correct" : "modules.quiz.incorrect")}</strong>
          <p>{feedback.explanation}</p>
        </div>
      )}
      <button type="submit" className="primary" disabled={busy || queued || chosen.length === 0}>
        {t(feedback ? "modules.quiz.again" : "modules.quiz.check")}
      </button>
    </form>
  );
}
