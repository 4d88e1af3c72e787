import { lazy, Suspense, useState } from "react";
import { useTimes } from "../../i18n/useTimes";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { api, asApiError, type Schemas } from "../../api/client";
import { keepPreviousData } from "@tanstack/react-query";
import { $api, useInvalidate } from "../../api/query";
import { QueryStatus } from "../../components/QueryStatus";
import { formatNumber } from "../../i18n/format";
import { ConfirmButton } from "../../components/ConfirmButton";
import { offersDone, ownStepsFirst, planProgress, stepLink } from "./today";
import { useOutbox } from "../../offline/OutboxProvider";
import { useOutboxSettled } from "../../offline/useOutboxSettled";
import { ContentLanguageNote } from "../../components/ContentLanguage";
import { Loading } from "../../components/Status";

type Step = Schemas["Step"];

/** After a step or plan changed: Today, the plans, the lists and the counts are read again. */
function useJourneysChanged(): () => void {
  const invalidate = useInvalidate();
  return () => void invalidate("/api/journeys/");
}

function State({ query, empty }: { query: { isPending: boolean; isError: boolean }; empty: boolean }) {
  const { t } = useTranslation();
  if (query.isPending || query.isError) return <QueryStatus query={query} />;
  if (empty) return <p className="empty">{t("journeys.empty")}</p>;
  return null;
}

/** One step as a card: what, when (in words), who does it; a Done button only for whoever may mark it. */
export function StepItem({ step, who, onDone, actions, linked = false, now = new Date() }: {
  step: Step;
  /** Whose step it is (for a lead or buddy with several newcomers). */
  who?: string;
  onDone?: () => void;
  actions?: React.ReactNode;
  /** The title links to the step's module, checklist or language plan (the newcomer's own screens). */
  linked?: boolean;
  now?: Date;
}) {
  const { t } = useTranslation();
  const times = useTimes();
  const { perform } = useOutbox();
  const [queued, setQueued] = useState(false);
  const [error, setError] = useState("");
  const markDone = async () => {
    // Through the outbox: offline it waits on the phone and is sent once the connection returns.
    setError("");
    const result = await perform({
      method: "post",
      path: "/api/journeys/steps/{id}/done",
      params: { id: step.id },
      kind: "journeyStep",
      labelValues: { title: step.title },
      screen: "/",
    });
    if (result.state === "queued") setQueued(true);
    else if (result.state === "refused" && result.reason !== "invalid") {
      setError(t(`outbox.outcome.journeyStep.${result.reason}`));
      onDone?.(); // show the plan as it is now
    } else if (result.state === "refused") setError(asApiError(result.error, t("errors.network")).detail);
    else onDone?.();
  };
  // Saved or refused (the banner then says why): either way the panel shows the plan as it is now.
  useOutboxSettled(`/api/journeys/steps/${step.id}`, () => {
    setQueued(false);
    onDone?.();
  });
  const to = linked ? stepLink(step) : null;
  // No one person: the team's members for a team step, else the organisation's HR people (its owner is inactive).
  const doer = step.owner_person ? step.owner_person.full_name || step.owner_person.email : t(`journeys.owner.${step.owner === "team" ? "team" : "hr"}`);
  return (
    <li className="step step-card" data-state={step.state} data-late={step.late || undefined} data-mine={step.can_mark_done || undefined}>
      <div className="step-text">
        {/* A person's name and the step's title may run in different directions: isolate each. */}
        {who && <><bdi>{who}</bdi>: </>}
        <strong className="step-title" id={`step-title-${step.id}`} lang={step.content.language} dir="auto">{to ? <Link to={to}>{step.title}</Link> : step.title}</strong>
        <ContentLanguageNote meta={step.content} compact />
        <p className="muted small">
          {step.due_at ? (
            <>
              <span className="step-due">{times.relativeDay(step.due_at, now)}</span>
              {" · "}
              {times.dateTime(step.due_at)}
            </>
          ) : (
            t("journeys.no_date")
          )}
          {" · "}
          {t(`journeys.state.${step.state}`)}
          {step.late && ` · ${t("journeys.late")}`}
        </p>
        {!step.can_mark_done && <p className="small step-owner">{t("today.doneBy", { who: doer })}</p>}
        {step.team_parts && <p className="small step-team">{t("journeys.team_parts", { done: step.team_parts.done, total: step.team_parts.total })}</p>}
      </div>
      {queued && <span className="badge status-queued" role="status">{t("offline.waiting")}</span>}
      {onDone && !queued && offersDone(step) && (
        <button type="button" className="secondary" aria-describedby={`step-title-${step.id}`} onClick={() => void markDone()}>
          {t("journeys.mark_done")}
        </button>
      )}
      {error && <p className="form-error" role="alert">{error}</p>}
      {actions}
      {linked && <StepReading step={step} />}
    </li>
  );
}

// What an opened step shows comes with the speech code: a chunk of its own, not the home screen's.
const StepReadingBody = lazy(() => import("./StepReading").then((m) => ({ default: m.StepReadingBody })));

/** A step of the newcomer's own plan: its text read aloud and "did this help?", one tap away. */
function StepReading({ step }: { step: Step }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <details className="step-reading" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{t("readAloud.openStep")}</summary>
      {open && (
        <Suspense fallback={<Loading />}>
          <StepReadingBody step={step} />
        </Suspense>
      )}
    </details>
  );
}

/** Newcomer, on the phone: progress, their own steps first (each linked), then what others do. */
export function TodayPanel() {
  const { t, i18n } = useTranslation();
  const today = $api.useQuery("get", "/api/journeys/today");
  const planId = today.data?.plan ?? 0;
  const plan = $api.useQuery("get", "/api/journeys/plans/{id}", { params: { path: { id: planId } } }, { enabled: planId > 0 });
  const refresh = useJourneysChanged();
  const now = new Date();
  const data = today.data;
  const progress = plan.data ? planProgress(plan.data.stages) : null;
  return (
    <section className="card" aria-labelledby="today-title">
      <h2 id="today-title">{t("journeys.today.title")}</h2>
      {data?.stage && <p className="badge">{t("journeys.today.stage", { stage: data.stage.title })}</p>}
      {progress && progress.total > 0 && (
        <div className="today-progress">
          <label htmlFor="today-progress">
            {t("today.progress", {
              done: formatNumber(progress.done, i18n.language),
              total: formatNumber(progress.total, i18n.language),
            })}
          </label>
          <progress id="today-progress" max={progress.total} value={progress.done} />
        </div>
      )}
      <State query={today} empty={!!data && data.now.length + data.next.length === 0} />
      {data && data.now.length > 0 && (
        <ul className="steps">
          {ownStepsFirst(data.now).map((s) => <StepItem key={s.id} step={s} onDone={refresh} linked now={now} />)}
        </ul>
      )}
      {data && data.next.length > 0 && (
        <>
          <h3>{t("journeys.today.next")}</h3>
          <ul className="steps">{data.next.map((s) => <StepItem key={s.id} step={s} linked now={now} />)}</ul>
        </>
      )}
      {data?.plan && (
        <p><Link to={`/journeys/plans/${data.plan}`}>{t("today.wholePlan")}</Link></p>
      )}
    </section>
  );
}

/** Team lead and buddy: the open steps they own, for their people only. */
export function MyStepsPanel() {
  const { t } = useTranslation();
  const query = $api.useQuery("get", "/api/journeys/my-steps");
  const data = query.data;
  const reload = useJourneysChanged();
  return (
    <section className="card" aria-labelledby="my-steps-title">
      <h2 id="my-steps-title">{t("journeys.my_steps.title")}</h2>
      <State query={query} empty={data?.results.length === 0} />
      <ul className="steps">
        {data?.results.map((s) => (
          <StepItem key={s.id} step={s} who={s.newcomer.full_name || s.newcomer.email} onDone={reload} />
        ))}
      </ul>
    </section>
  );
}

/** HR: every newcomer with progress and overdue counts, filterable by team and stage. */
export function NewcomersProgressPanel() {
  const { t, i18n } = useTranslation();
  const [stage, setStage] = useState("");
  const [team, setTeam] = useState("");
  const teams = $api.useQuery("get", "/api/teams").data?.results ?? [];
  const templates = $api.useQuery("get", "/api/journeys/templates").data?.results ?? [];
  const [error, setError] = useState("");
  const query = $api.useQuery("get", "/api/journeys/newcomers", {
    params: { query: { ...(stage && { stage }), ...(team && { team: Number(team) }) } },
  }, { placeholderData: keepPreviousData }); // the list stays while a new filter is read
  const data = query.data;
  const reload = useJourneysChanged();
  const assign = (profile: number, template: string) => {
    setError("");
    api.POST("/api/journeys/plans", { body: { profile, template } }).then(({ error: body }) => {
      if (body) setError(asApiError(body, t("errors.load")).detail);
      reload();
    });
  };
  return (
    <section className="card" aria-labelledby="progress-title">
      <h2 id="progress-title">{t("journeys.progress.title")}</h2>
      <label>
        {t("journeys.progress.team")}
        <select value={team} onChange={(e) => setTeam(e.target.value)}>
          <option value="">{t("journeys.progress.all_teams")}</option>
          {teams.map((item) => <option key={item.id} value={item.id}>{item.name}</option>)}
        </select>
      </label>
      <label>
        {t("journeys.progress.stage")}
        <input value={stage} onChange={(e) => setStage(e.target.value)} placeholder="first-week" />
      </label>
      {error && <p className="form-error" role="alert">{error}</p>}
      <State query={query} empty={data?.results.length === 0} />
      <ul className="people">
        {data?.results.map((row) => (
          <li key={row.id}>
            <span id={`newcomer-name-${row.id}`}>
              {row.plan ? <Link to={`/journeys/plans/${row.plan}`}>{row.user.full_name || row.user.email}</Link> : row.user.full_name || row.user.email}
            </span>
            {!row.plan && templates.length > 0 && (
              <select aria-label={t("journeys.progress.assign")} defaultValue="" onChange={(e) => e.target.value && assign(row.id, e.target.value)}>
                <option value="" disabled>{t("journeys.progress.assign")}</option>
                {templates.map((tpl) => <option key={tpl.slug} value={tpl.slug}>{tpl.title}</option>)}
              </select>
            )}
            <Link to={`/newcomers/${row.id}`} aria-describedby={`newcomer-name-${row.id}`}>
              {t("newcomers.editProfile")}
            </Link>
            <span className="muted small">
              {t("journeys.progress.counts", {
                done: formatNumber(row.steps_done, i18n.language),
                total: formatNumber(row.steps_total, i18n.language),
                overdue: formatNumber(row.steps_overdue, i18n.language),
              })}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function MoveStep({ step, onMoved }: { step: Step; onMoved: () => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState("");
  const [error, setError] = useState("");
  const move = () => {
    if (!value) return;
    api
      .PATCH("/api/journeys/steps/{id}", { params: { path: { id: step.id } }, body: { due_at: new Date(value).toISOString() } })
      .then(({ error: body }) => (body ? setError(asApiError(body, t("errors.load")).detail) : onMoved()));
  };
  return (
    <span className="inline-form">
      <input type="datetime-local" aria-label={t("journeys.timeline.move_to")} value={value} onChange={(e) => setValue(e.target.value)} />
      <button type="button" onClick={move}>{t("journeys.timeline.move")}</button>
      {error && <span className="form-error" role="alert">{error}</span>}
    </span>
  );
}

function AddStep({ planId, stages, onAdded }: { planId: number; stages: Schemas["Stage"][]; onAdded: () => void }) {
  const { t } = useTranslation();
  const [stage, setStage] = useState(stages[0]?.key ?? "");
  const [title, setTitle] = useState("");
  const [owner, setOwner] = useState<Schemas["OwnerEnum"]>("newcomer");
  const [fields, setFields] = useState<Record<string, string[]>>({});
  const add = (event: React.FormEvent) => {
    event.preventDefault();
    api
      .POST("/api/journeys/plans/{id}/steps", { params: { path: { id: planId } }, body: { stage, title, owner, kind: "task", body: "", ref: "", offset: 0, offset_unit: "calendar" } })
      .then(({ error: body }) => {
        if (body) return setFields(asApiError(body, t("errors.load")).fields);
        setTitle("");
        setFields({});
        onAdded();
      });
  };
  return (
    <form className="card stack" onSubmit={add}>
      <h2>{t("journeys.timeline.add")}</h2>
      <label>
        {t("journeys.progress.stage")}
        <select value={stage} onChange={(e) => setStage(e.target.value)}>
          {stages.map((s) => <option key={s.key} value={s.key}>{s.title}</option>)}
        </select>
      </label>
      <label>
        {t("journeys.timeline.step_title")}
        <input value={title} onChange={(e) => setTitle(e.target.value)} />
      </label>
      {fields.title && <p className="form-error" role="alert">{fields.title.join(" ")}</p>}
      <label>
        {t("journeys.timeline.owner")}
        <select value={owner} onChange={(e) => setOwner(e.target.value as Schemas["OwnerEnum"])}>
          {(["newcomer", "hr", "team_lead", "buddy", "team"] as const).map((o) => <option key={o} value={o}>{t(`journeys.owner.${o}`)}</option>)}
        </select>
      </label>
      <button type="submit">{t("journeys.timeline.add")}</button>
    </form>
  );
}

/** HR: one plan as a timeline (stages, steps, owners, sent, late); add, move, skip or remove a step. */
export function PlanTimelinePage() {
  const { t } = useTranslation();
  const times = useTimes();
  const { planId } = useParams();
  const pk = Number(planId);
  const query = $api.useQuery("get", "/api/journeys/plans/{id}", { params: { path: { id: pk } } });
  const data = query.data;
  const reload = useJourneysChanged();
  const skip = (step: Step) => api.POST("/api/journeys/steps/{id}/skip", { params: { path: { id: step.id } } }).then(reload);
  const remove = (step: Step) => api.DELETE("/api/journeys/steps/{id}", { params: { path: { id: step.id } } }).then(reload);
  return (
    <div className="stack">
      <h1>{data ? data.newcomer.full_name || data.newcomer.email : t("journeys.timeline.title")}</h1>
      <State query={query} empty={false} />
      {data?.stages.map((stage) => (
        <section key={stage.key} className="card">
          <h2>{stage.title}</h2>
          {stage.starts_on && <p className="muted small">{times.date(stage.starts_on)}</p>}
          <ul className="steps">
            {stage.steps.map((step) => (
              <StepItem
                key={step.id}
                step={step}
                onDone={reload}
                actions={
                  step.state === "planned" && (
                    <span>
                      <MoveStep step={step} onMoved={reload} />
                      <button type="button" onClick={() => skip(step)}>{t("journeys.timeline.skip")}</button>
                      <ConfirmButton
                        question={t("shell.confirm.removeStep", { title: step.title })}
                        confirmLabel={t("journeys.timeline.remove")}
                        onConfirm={() => void remove(step)}
                      >
                        {t("journeys.timeline.remove")}
                      </ConfirmButton>
                    </span>
                  )
                }
              />
            ))}
          </ul>
        </section>
      ))}
      {data && <AddStep planId={data.id} stages={data.stages} onAdded={reload} />}
    </div>
  );
}
