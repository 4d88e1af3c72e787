import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { api, asApiError, type Schemas } from "../../api/client";
import { $api, errorCode } from "../../api/query";
import { QueryStatus } from "../../components/QueryStatus";
import { ProgressBadge } from "./ModuleLibraryPage";
import { formatNumber } from "../../i18n/format";
import { QuizQuestion } from "./Quiz";
import { quizScore } from "./score";
import { TranslationNotice } from "./TranslationNotice";
import { HelpfulPrompt } from "../feedback";
import { ReadAloud } from "../../components/reading/ReadAloud";
import { MarkedText } from "../../components/reading/MarkedText";
import { useSession } from "../../app/session";

type Detail = Schemas["ModuleDetail"];

/** How far down the text the reader got (0–100), and the last heading they passed. */
function readingPosition(article: HTMLElement): { percent: number; section: string } {
  const box = article.getBoundingClientRect();
  const seen = window.innerHeight - box.top;
  const percent = Math.max(0, Math.min(100, Math.round((seen / Math.max(box.height, 1)) * 100)));
  let section = "";
  article.querySelectorAll("h2, h3").forEach((heading) => {
    if (heading.getBoundingClientRect().top < window.innerHeight / 2) section = heading.textContent ?? "";
  });
  return { percent, section };
}

/** The score once every question is answered, and which questions to look at again. */
function QuizResult({ quiz }: { quiz: Schemas["QuizQuestion"][] }) {
  const { t, i18n } = useTranslation();
  const score = quizScore(quiz);
  if (score.answered < score.total) return null;
  return (
    <div className="quiz-result" role="status">
      <p>
        <strong>
          {t("modules.quiz.score", {
            right: formatNumber(score.right, i18n.language),
            total: formatNumber(score.total, i18n.language),
          })}
        </strong>
      </p>
      {score.lookAgain.length > 0 && (
        <>
          <p>{t("modules.quiz.lookAgain")}</p>
          <ul>
            {score.lookAgain.map((question) => (
              <li key={question.key}><a href={`#quiz-${question.key}`}>{question.question}</a></li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

export function ModulePage() {
  const { slug = "" } = useParams();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const init = { params: { path: { slug }, query: { lang } } };
  const query = $api.useQuery("get", "/api/modules/{slug}", init);
  const module = query.data ?? null;
  const client = useQueryClient();
  /** A change the server already answered with: shown at once, without reading the module again. */
  const setModule = (change: (current: Detail) => Detail) =>
    client.setQueryData<Detail>($api.queryOptions("get", "/api/modules/{slug}", init).queryKey, (current) => current && change(current));
  const [finishError, setFinishError] = useState("");
  const [resumed, setResumed] = useState(false);
  const article = useRef<HTMLElement>(null);
  const saved = useRef(0);
  const { me } = useSession();

  // Resume: scroll back to where the reader stopped, once.
  useEffect(() => {
    if (!module || resumed || !article.current) return;
    setResumed(true);
    const progress = module.progress;
    saved.current = progress?.percent ?? 0;
    if (progress && progress.status !== "completed" && progress.percent > 5) {
      const box = article.current.getBoundingClientRect();
      const target = window.scrollY + box.top + (box.height * progress.percent) / 100 - window.innerHeight;
      window.scrollTo({ top: Math.max(0, target) });
    }
  }, [module, resumed]);

  const save = useCallback(() => {
    if (!article.current || !module || module.progress?.status === "completed") return;
    const position = readingPosition(article.current);
    if (position.percent <= saved.current) return;
    saved.current = position.percent;
    void api.POST("/api/modules/{slug}/progress", { params: { path: { slug } }, body: position });
  }, [module, slug]);

  useEffect(() => {
    let timer: number | undefined;
    const onScroll = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(save, 800);
    };
    window.addEventListener("scroll", onScroll, { passive: true });
    return () => {
      window.removeEventListener("scroll", onScroll);
      window.clearTimeout(timer);
    };
  }, [save]);

  function answered(key: string, feedback: Schemas["AnswerFeedback"]) {
    setModule((current) => ({ ...current, quiz: current.quiz.map((q) => (q.key === key ? { ...q, answer: feedback } : q)) }));
  }

  async function finish() {
    setFinishError("");
    const { data, error } = await api.POST("/api/modules/{slug}/complete", { params: { path: { slug } } });
    if (data) {
      setModule((current) => ({ ...current, progress: data }));
      void client.invalidateQueries({ queryKey: ["get", "/api/modules"] }); // the library's badges
    }
    else {
      const problem = asApiError(error, t("errors.network"));
      const known: Record<string, string> = {
        quiz_unanswered: t("modules.finishAnswerFirst"),
        quiz_not_passed: t("modules.finishLookAgain"),
      };
      setFinishError(known[problem.code] ?? problem.detail);
    }
  }

  if (errorCode(query.error) === "not_found") return <p className="empty">{t("modules.missing")}</p>;
  if (!module) return <QueryStatus query={query} />;

  const finished = module.progress?.status === "completed";
  const resuming = module.progress && !finished && module.progress.percent > 5;
  return (
    <div className="stack module-page">
      <Link to="/modules" className="back-link">{t("modules.back")}</Link>
      <header className="page-header">
        <h1 lang={module.locale}>{module.title}</h1>
        <p className="module-meta">
          <span>{t("modules.minutes", { count: module.minutes })}</span>
          <ProgressBadge module={module} />
        </p>
        <TranslationNotice module={module} />
        {resuming && <p className="notice">{t("modules.resumed", { section: module.progress?.section || module.title })}</p>}
      </header>

      <ReadAloud text={`${module.title}. ${module.body_html}`} lang={module.locale} source={{ kind: "module", ref: slug }} />
      <article ref={article} className="card module-text" lang={module.locale}>
        <MarkedText html={module.body_html} />
        {module.region_note && (
          <aside className="region-note" aria-labelledby="region-note-title">
            <h2 id="region-note-title">{t("modules.regionNote", { region: module.region_note.name })}</h2>
            <div dangerouslySetInnerHTML={{ __html: module.region_note.html }} />
          </aside>
        )}
      </article>

      {module.reflection.length > 0 && (
        <section className="card" aria-labelledby="reflection-title" lang={module.locale}>
          <h2 id="reflection-title">{t("modules.reflection")}</h2>
          <ul className="reflection">
            {module.reflection.map((question) => <li key={question}>{question}</li>)}
          </ul>
        </section>
      )}

      {module.quiz.length > 0 && (
        <section className="card" aria-labelledby="quiz-title">
          <h2 id="quiz-title">{t("modules.quiz.title")}</h2>
          <div className="stack" lang={module.locale}>
            {module.quiz.map((question) => (
              <QuizQuestion
                key={`${question.key}-${question.version}`}
                slug={slug}
                question={question}
                lang={lang}
                onAnswered={answered}
                onStale={() => void query.refetch()}
              />
            ))}
          </div>
          <QuizResult quiz={module.quiz} />
        </section>
      )}

      {me?.role === "newcomer" && (
        <section className="card">
          <HelpfulPrompt kind="module" refId={slug} />
        </section>
      )}

      <section className="card">
        {finished ? (
          <p className="notice" role="status">{t("modules.finished")}</p>
        ) : (
          <>
            <button type="button" className="primary wide" onClick={() => void finish()}>{t("modules.finish")}</button>
            {finishError && <p className="form-error" role="alert">{finishError}</p>}
          </>
        )}
      </section>
    </div>
  );
}
