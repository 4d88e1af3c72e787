import "./language.css";
import { useState, type FormEvent } from "react";
import { useTimes } from "../../i18n/useTimes";
import { useTranslation } from "react-i18next";
import { ConfirmButton } from "../../components/ConfirmButton";
import { api, asApiError, type ApiErrorBody, type Schemas } from "../../api/client";
import { FieldError } from "../../components/FieldError";
import { formatHours, todayIso } from "../../i18n/format";
import { useOutbox } from "../../offline/OutboxProvider";
import { useOutboxSettled } from "../../offline/useOutboxSettled";
import { useLanguageChanged, useMyLanguage } from "./queries";
import { QueryStatus } from "../../components/QueryStatus";

type Session = Schemas["Session"];

/** The newcomer's phone view: progress, next milestone, this week's sessions, study log, calendar. */
export function NewcomerLanguagePanel() {
  const { t, i18n } = useTranslation();
  const times = useTimes();
  const query = useMyLanguage();
  const changed = useLanguageChanged();
  const load = () => void changed();
  const data = query.data;

  if (!data) return <section className="card"><QueryStatus query={query} /></section>;
  const plan = data.plan;
  const zone = data.time_zone;
  return (
    <section className="card language" aria-labelledby="language-title">
      <h2 id="language-title">{t("language.me.title")}</h2>
      {!plan && <p className="empty">{t("language.me.empty")}</p>}
      {plan && (
        <>
          <p>
            <span className={`badge plan-${plan.progress.status}`}>{t(`language.status.${plan.progress.status}`)}</span>{" "}
            {t("language.me.levels", {
              now: plan.progress.level_checked ?? plan.progress.level_estimated,
              target: plan.target_level,
              date: times.date(plan.target_date),
            })}
          </p>
          <p className="muted small">
            {t("language.me.hours", {
              done: formatHours(plan.progress.hours_done, i18n.language),
              needed: formatHours(plan.progress.hours_needed, i18n.language),
            })}
          </p>
          {plan.progress.status === "behind" && (
            <p className="form-error">{t("language.me.gap", { hours: formatHours(plan.progress.gap_hours, i18n.language) })}</p>
          )}
          {plan.progress.next_milestone && (
            <p data-testid="next-milestone">
              <strong>{t("language.me.nextMilestone")}</strong>{" "}
              {t(`language.milestone.${plan.progress.next_milestone.kind}`, { level: plan.progress.next_milestone.level })}
              {plan.progress.next_milestone.due_on && ` · ${times.date(plan.progress.next_milestone.due_on)}`}
            </p>
          )}
          <h3>{t("language.me.thisWeek")}</h3>
          {data.this_week.length === 0 && <p className="empty">{t("language.me.noSessions")}</p>}
          <ul className="sessions">
            {data.this_week.map((session) => (
              <SessionRow key={session.id} session={session} zone={zone} onChange={load} />
            ))}
          </ul>
          <StudyLogForm planId={plan.id} onLogged={load} />
        </>
      )}
      <CalendarLink active={data.calendar_active} />
    </section>
  );
}

function SessionRow({ session, onChange }: { session: Session; zone: string; onChange: () => void }) {
  const { t } = useTranslation();
  const times = useTimes();
  const [error, setError] = useState("");
  // When the row was first shown: a render must not read the clock (it would differ between renders).
  const [shownAt] = useState(() => Date.now());
  const started = new Date(session.starts_at).getTime() <= shownAt;
  async function mark(status: Session["status"]) {
    setError("");
    const { data, error: body } = await api.PATCH("/api/language/sessions/{id}", {
      params: { path: { id: session.id } },
      body: { status },
    });
    if (data) onChange();
    else setError(asApiError(body, t("errors.network")).detail);
  }
  return (
    <li>
      <span>
        <strong>{t(`language.kind.${session.kind}`)}</strong> · {times.weekdayTime(session.starts_at)} ·{" "}
        {t("language.minutes", { count: session.minutes })}
      </span>
      {session.status !== "planned" && <span className={`badge status-${session.status}`}>{t(`language.session.${session.status}`)}</span>}
      {session.status === "planned" && started && (
        <span className="actions">
          <button type="button" className="secondary" onClick={() => void mark("attended")}>{t("language.session.markAttended")}</button>
          <button type="button" className="secondary" onClick={() => void mark("missed")}>{t("language.session.markMissed")}</button>
        </span>
      )}
      {error && <p className="form-error" role="alert">{error}</p>}
    </li>
  );
}

function StudyLogForm({ planId, onLogged }: { planId: number; onLogged: () => void }) {
  const { t } = useTranslation();
  const [studiedOn, setStudiedOn] = useState(todayIso());
  const [minutes, setMinutes] = useState("30");
  const [error, setError] = useState<ApiErrorBody | null>(null);
  const [notice, setNotice] = useState("");
  const { perform } = useOutbox();
  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setNotice("");
    // Through the outbox: offline the time waits on the phone and is sent when the connection
    // returns; the Idempotency-Key makes sure a resend does not count it twice.
    const result = await perform({
      method: "post",
      path: "/api/language/plans/{id}/study-logs",
      params: { id: planId },
      body: { studied_on: studiedOn, minutes: Number(minutes) },
      kind: "studyLog",
      labelValues: { minutes },
      screen: "/",
    });
    if (result.state === "sent") {
      setNotice(t("language.log.saved", { count: (result.data as Schemas["StudyLog"]).minutes }));
      onLogged();
    } else if (result.state === "queued") setNotice(t("offline.waiting"));
    else if (result.reason === "gone") setError({ ...result.error, detail: t("outbox.outcome.studyLog.gone"), fields: {} });
    else setError(asApiError(result.error, t("errors.network")));
  }
  // Study time only adds up, so it never conflicts; refused only when the plan is gone (the banner says so).
  useOutboxSettled(`/api/language/plans/${planId}/study-logs`, (outcome) => {
    setNotice(outcome.state === "sent" ? t("language.log.saved", { count: (outcome.data as Schemas["StudyLog"]).minutes }) : "");
    onLogged();
  });
  return (
    <form onSubmit={submit} noValidate className="inline-form">
      <h3>{t("language.log.title")}</h3>
      <label htmlFor="log-day">{t("language.log.day")}</label>
      <input id="log-day" type="date" value={studiedOn} onChange={(event) => setStudiedOn(event.target.value)} />
      <FieldError id="log-day-error" messages={error?.fields.studied_on} />
      <label htmlFor="log-minutes">{t("language.log.minutes")}</label>
      <input id="log-minutes" type="number" inputMode="numeric" min={1} max={720} value={minutes} onChange={(event) => setMinutes(event.target.value)} />
      <FieldError id="log-minutes-error" messages={error?.fields.minutes} />
      {error && !error.fields.minutes && !error.fields.studied_on && <p className="form-error" role="alert">{error.detail}</p>}
      <button type="submit" className="primary">{t("language.log.submit")}</button>
      {notice && <p role="status" className="notice">{notice}</p>}
    </form>
  );
}

function CalendarLink({ active }: { active: boolean }) {
  const { t } = useTranslation();
  const [feed, setFeed] = useState<Schemas["CalendarFeed"] | null>(null);
  const [stopped, setStopped] = useState(false);
  const [error, setError] = useState("");
  const [copied, setCopied] = useState(false);
  async function copy(url: string) {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      document.getElementById("calendar-url")?.focus(); // selects the address to copy by hand
    }
  }
  async function issue() {
    setCopied(false);
    setError("");
    const { data, error: body } = await api.POST("/api/language/calendar");
    if (data) {
      setFeed(data);
      setStopped(false);
    } else setError(asApiError(body, t("errors.network")).detail);
  }
  async function stop() {
    const { response } = await api.DELETE("/api/language/calendar");
    if (response.ok) {
      setFeed(null);
      setStopped(true);
    }
  }
  const live = (active && !stopped) || feed !== null;
  return (
    <div className="calendar-link">
      <h3>{t("language.calendar.title")}</h3>
      {feed?.webcal_url && feed.url && (
        <>
          <a className="button-link" href={feed.webcal_url}>{t("language.calendar.open")}</a>
          <label htmlFor="calendar-url">{t("language.calendar.copy")}</label>
          <input id="calendar-url" readOnly value={feed.url} onFocus={(event) => event.target.select()} />
          <button type="button" className="primary" onClick={() => void copy(feed.url ?? "")}>{t("shell.calendar.copy")}</button>
          {copied && <p role="status" className="notice">{t("shell.calendar.copied")}</p>}
        </>
      )}
      {live && !feed && <p className="muted small">{t("language.calendar.active")}</p>}
      {!live && <p className="muted small">{t("language.calendar.explain")}</p>}
      {live ? (
        <ConfirmButton
          question={t("shell.calendar.renewQuestion")}
          confirmLabel={t("language.calendar.renew")}
          onConfirm={() => void issue()}
        >
          {t("language.calendar.renew")}
        </ConfirmButton>
      ) : (
        <button type="button" className="primary" onClick={() => void issue()}>{t("language.calendar.add")}</button>
      )}
      {live && (
        <ConfirmButton
          question={t("shell.calendar.stopQuestion")}
          confirmLabel={t("language.calendar.stop")}
          onConfirm={() => void stop()}
        >
          {t("language.calendar.stop")}
        </ConfirmButton>
      )}
      {stopped && <p role="status" className="notice">{t("language.calendar.stopped")}</p>}
      {error && <p className="form-error" role="alert">{error}</p>}
    </div>
  );
}
