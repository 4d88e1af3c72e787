import { useMemo, useState, type FormEvent } from "react";
import { useTimes } from "../../i18n/useTimes";
import { useTranslation } from "react-i18next";
import { api, asApiError, type ApiErrorBody, type Schemas } from "../../api/client";
import { $api } from "../../api/query";
import { useDebounced } from "../../lib/useDebounced";
import { FieldError } from "../../components/FieldError";
import { formatHours, todayIso, weekdayName } from "../../i18n/format";
import { LEVELS } from "./labels";
import { useCourses, useLanguageChanged, useNewcomerProfiles } from "./queries";

type Input = Schemas["PlanInputRequest"];
type Window = Schemas["WindowRequest"];
const FORMATS: Input["course_format"][] = ["group_course", "external_course", "self_study_app"];

function emptyInput(): Omit<Input, "newcomer"> & { newcomer: number | "" } {
  return {
    newcomer: "",
    current_level: "A0",
    target_level: "A2",
    starts_on: todayIso(),
    target_date: "",
    lesson_hours_per_week: "4",
    self_study_hours_per_week: "2",
    availability: [
      { weekday: 0, start: "19:00", end: "21:00" },
      { weekday: 2, start: "19:00", end: "21:00" },
      { weekday: 5, start: "10:00", end: "12:00" },
    ],
    course_format: "external_course",
    course: null,
  };
}

/** HR plans a schedule; every change asks the server whether the goal is reachable (nothing saved). */
export function LanguagePlanner() {
  const { t, i18n } = useTranslation();
  const newcomers = useNewcomerProfiles().data?.results ?? null;
  const courses = useCourses().data?.results ?? [];
  const languageChanged = useLanguageChanged();
  const [input, setInput] = useState(emptyInput);
  const [saveProblems, setSaveProblems] = useState<ApiErrorBody | null>(null);
  const [notice, setNotice] = useState("");

  const ready = input.newcomer !== "" && input.target_date !== "";
  const body = useMemo(() => (ready ? ({ ...input, newcomer: Number(input.newcomer) } as Input) : null), [input, ready]);

  // The server checks the plan once the form has been still for a moment (a read: nothing is saved).
  const settled = useDebounced(body, 350);
  const preview = $api.useQuery("post", "/api/language/plans/preview", { body: settled as Input }, { enabled: settled !== null, retry: false });
  const checking = body !== null && (settled !== body || preview.isFetching);
  const result = body !== null && !checking ? (preview.data ?? null) : null;
  const problems = saveProblems ?? (body !== null && !checking && preview.isError ? asApiError(preview.error, t("errors.network")) : null);

  function set<K extends keyof typeof input>(name: K, value: (typeof input)[K]) {
    setNotice("");
    setSaveProblems(null);
    setInput((current) => ({ ...current, [name]: value }));
  }
  function setWindow(index: number, change: Partial<Window>) {
    set("availability", input.availability.map((item, i) => (i === index ? { ...item, ...change } : item)));
  }
  function apply(option: Schemas["Option"]) {
    const changes = option.changes;
    setSaveProblems(null);
    setInput((current) => ({
      ...current,
      ...(changes.target_date ? { target_date: changes.target_date } : {}),
      ...(changes.target_level ? { target_level: changes.target_level } : {}),
      ...(changes.self_study_hours_per_week ? { self_study_hours_per_week: changes.self_study_hours_per_week } : {}),
    }));
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!body) return;
    const { data, error } = await api.POST("/api/language/plans", { body });
    if (data) {
      setNotice(t("language.planner.saved", { name: data.newcomer.user.full_name || data.newcomer.user.email }));
      setInput(emptyInput());
      void languageChanged();
    } else setSaveProblems(asApiError(error, t("errors.network")));
  }

  const fields = problems?.fields ?? {};
  const lessonsInFreeTime = input.course_format === "external_course";
  return (
    <section className="card" aria-labelledby="planner-title">
      <h2 id="planner-title">{t("language.planner.title")}</h2>
      <form onSubmit={save} noValidate className="planner">
        <label htmlFor="plan-newcomer">{t("language.planner.newcomer")}</label>
        <select id="plan-newcomer" value={input.newcomer} onChange={(event) => set("newcomer", event.target.value === "" ? "" : Number(event.target.value))}>
          <option value="">{newcomers === null ? t("common.loading") : t("language.planner.choose")}</option>
          {newcomers?.map((profile) => (
            <option key={profile.id} value={profile.id}>{profile.user.full_name || profile.user.email}</option>
          ))}
        </select>
        <FieldError id="plan-newcomer-error" messages={fields.newcomer} />
        <div className="row">
          <div>
            <label htmlFor="plan-current">{t("language.planner.current")}</label>
            <select id="plan-current" value={input.current_level} onChange={(event) => set("current_level", event.target.value as Input["current_level"])}>
              {LEVELS.map((level) => <option key={level} value={level}>{level}</option>)}
            </select>
          </div>
          <div>
            <label htmlFor="plan-target">{t("language.planner.target")}</label>
            <select id="plan-target" value={input.target_level} onChange={(event) => set("target_level", event.target.value as Input["target_level"])}>
              {LEVELS.map((level) => <option key={level} value={level}>{level}</option>)}
            </select>
          </div>
        </div>
        <FieldError id="plan-target-error" messages={fields.target_level} />
        <div className="row">
          <div>
            <label htmlFor="plan-start">{t("language.planner.start")}</label>
            <input id="plan-start" type="date" value={input.starts_on} onChange={(event) => set("starts_on", event.target.value)} />
          </div>
          <div>
            <label htmlFor="plan-deadline">{t("language.planner.deadline")}</label>
            <input id="plan-deadline" type="date" value={input.target_date} onChange={(event) => set("target_date", event.target.value)} />
          </div>
        </div>
        <FieldError id="plan-start-error" messages={fields.starts_on} />
        <FieldError id="plan-deadline-error" messages={fields.target_date} />
        <label htmlFor="plan-format">{t("language.planner.format")}</label>
        <select id="plan-format" value={input.course_format} onChange={(event) => set("course_format", event.target.value as Input["course_format"])}>
          {FORMATS.map((value) => <option key={value} value={value}>{t(`language.format.${value}`)}</option>)}
        </select>
        {input.course_format === "group_course" && (
          <>
            <label htmlFor="plan-course">{t("language.planner.course")}</label>
            <select id="plan-course" value={input.course ?? ""} onChange={(event) => set("course", event.target.value ? Number(event.target.value) : null)}>
              <option value="">{t("language.planner.choose")}</option>
              {courses.map((course) => (
                <option key={course.id} value={course.id}>
                  {t("language.courses.option", { name: course.name, left: course.seats_left, seats: course.seats })}
                </option>
              ))}
            </select>
          </>
        )}
        <FieldError id="plan-course-error" messages={fields.course} />
        <div className="row">
          {lessonsInFreeTime && (
            <div>
              <label htmlFor="plan-lessons">{t("language.planner.lessonHours")}</label>
              <input id="plan-lessons" type="number" inputMode="decimal" step="0.5" min="0" value={input.lesson_hours_per_week} onChange={(event) => set("lesson_hours_per_week", event.target.value)} />
            </div>
          )}
          <div>
            <label htmlFor="plan-study">{t("language.planner.studyHours")}</label>
            <input id="plan-study" type="number" inputMode="decimal" step="0.5" min="0" value={input.self_study_hours_per_week} onChange={(event) => set("self_study_hours_per_week", event.target.value)} />
          </div>
        </div>
        <FieldError id="plan-lessons-error" messages={fields.lesson_hours_per_week} />
        <FieldError id="plan-study-error" messages={fields.self_study_hours_per_week} />
        <fieldset>
          <legend>{t("language.planner.availability")}</legend>
          {input.availability.map((item, index) => (
            <div className="row window" key={index}>
              <select aria-label={t("language.planner.weekday")} value={item.weekday} onChange={(event) => setWindow(index, { weekday: Number(event.target.value) })}>
                {[0, 1, 2, 3, 4, 5, 6].map((day) => <option key={day} value={day}>{weekdayName(day, i18n.language)}</option>)}
              </select>
              <input aria-label={t("language.planner.from")} type="time" value={item.start} onChange={(event) => setWindow(index, { start: event.target.value })} />
              <input aria-label={t("language.planner.until")} type="time" value={item.end} onChange={(event) => setWindow(index, { end: event.target.value })} />
              <button type="button" className="secondary" onClick={() => set("availability", input.availability.filter((_, i) => i !== index))}>
                {t("language.planner.remove")}
              </button>
            </div>
          ))}
          <button type="button" className="secondary" onClick={() => set("availability", [...input.availability, { weekday: 1, start: "19:00", end: "20:00" }])}>
            {t("language.planner.addTime")}
          </button>
        </fieldset>
        <FieldError id="plan-availability-error" messages={fields.availability} />

        <div className="feedback" aria-live="polite">
          {!ready && <p className="muted small">{t("language.planner.fillIn")}</p>}
          {ready && checking && <p className="status">{t("language.planner.checking")}</p>}
          {problems && !checking && Object.keys(problems.fields).length === 0 && <p className="form-error" role="alert">{problems.detail}</p>}
          {result && !checking && <Feasibility result={result} onApply={apply} />}
        </div>
        <button type="submit" className="primary" disabled={!result?.feasible || checking}>{t("language.planner.save")}</button>
        {notice && <p role="status" className="notice">{notice}</p>}
      </form>
    </section>
  );
}

function Feasibility({ result, onApply }: { result: Schemas["PlanResult"]; onApply: (option: Schemas["Option"]) => void }) {
  const { t, i18n } = useTranslation();
  const times = useTimes();
  const lang = i18n.language;
  if (result.feasible) {
    return (
      <div className="feasible" data-testid="feasibility">
        <p><strong>{t("language.planner.reachable")}</strong> {t("language.planner.summary", {
          hours: formatHours(result.hours_needed, lang),
          sessions: result.session_count,
          date: result.finishes_on ? times.date(result.finishes_on) : "",
        })}</p>
        <ul className="milestones">
          {result.milestones.map((m) => (
            <li key={m.code}>{t(`language.milestone.${m.kind}`, { level: m.level })}: {m.due_on ? times.date(m.due_on) : "—"}</li>
          ))}
        </ul>
        {result.skipped_days.length > 0 && (
          <p className="muted small">{t("language.planner.skipped", { count: result.skipped_days.length })}</p>
        )}
      </div>
    );
  }
  return (
    <div className="infeasible" data-testid="feasibility" role="alert">
      <p><strong>{t("language.planner.notReachable")}</strong> {t("language.planner.gap", { hours: formatHours(result.gap_hours, lang) })}</p>
      {result.options.length > 0 && <p>{t("language.planner.options")}</p>}
      <div className="options">
        {result.options.map((option) => (
          <button key={option.kind} type="button" className="secondary" onClick={() => onApply(option)}>
            {option.kind === "more_hours" && t("language.option.more_hours", { hours: formatHours(option.changes.self_study_hours_per_week ?? "0", lang) })}
            {option.kind === "later_date" && t("language.option.later_date", { date: times.date(option.changes.target_date ?? "") })}
            {option.kind === "lower_target" && t("language.option.lower_target", { level: option.changes.target_level ?? "" })}
          </button>
        ))}
      </div>
    </div>
  );
}
