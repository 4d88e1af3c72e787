import { useState, type FormEvent } from "react";
import { useTimes } from "../../i18n/useTimes";
import { useTranslation } from "react-i18next";
import { api, asApiError, type ApiErrorBody, type Schemas } from "../../api/client";
import { FieldError } from "../../components/FieldError";
import { todayIso, weekdayName } from "../../i18n/format";
import { LEVELS } from "./labels";
import { QueryStatus } from "../../components/QueryStatus";
import { useCourses, useEnrolments, useLanguageChanged, useNewcomerProfiles } from "./queries";

/** Courses with their seats, who is enrolled and who waits; HR adds a course. */
export function CoursesPanel() {
  const { t, i18n } = useTranslation();
  const times = useTimes();
  const query = useCourses();
  const courses = query.data?.results;
  const [open, setOpen] = useState<number | null>(null);
  const changed = useLanguageChanged();
  const load = () => void changed();
  return (
    <section className="card" aria-labelledby="courses-title">
      <h2 id="courses-title">{t("language.courses.title")}</h2>
      <QueryStatus query={query} />
      {courses?.length === 0 && <p className="empty">{t("language.courses.empty")}</p>}
      <ul className="people">
        {courses?.map((course) => (
          <li key={course.id}>
            <span>
              <strong>{course.name}</strong> ({course.level}) · {course.teacher} ·{" "}
              {course.times.map((w) => `${weekdayName(w.weekday, i18n.language)} ${w.start}–${w.end}`).join(", ")} ·{" "}
              {times.date(course.starts_on)} – {times.date(course.ends_on)}
            </span>
            <span className={`badge ${course.seats_left === 0 ? "status-full" : ""}`}>
              {t("language.courses.seats", { enrolled: course.enrolled_count, seats: course.seats, waiting: course.waiting_count })}
            </span>
            <button type="button" className="secondary" aria-expanded={open === course.id} onClick={() => setOpen(open === course.id ? null : course.id)}>
              {t("language.courses.who")}
            </button>
            {open === course.id && <Enrolments courseId={course.id} />}
          </li>
        ))}
      </ul>
      <CourseForm onCreated={load} />
    </section>
  );
}

function Enrolments({ courseId }: { courseId: number }) {
  const { t } = useTranslation();
  const query = useEnrolments(courseId);
  const rows = query.data?.results;
  const newcomers = useNewcomerProfiles().data?.results ?? [];
  const [chosen, setChosen] = useState("");
  const [message, setMessage] = useState("");
  // Enrolments, seats and waiting places are all under /api/language/.
  const changed = useLanguageChanged();
  async function enrol() {
    setMessage("");
    const { data, error } = await api.POST("/api/language/courses/{id}/enrolments", {
      params: { path: { id: courseId } },
      body: { newcomer: Number(chosen) },
    });
    if (data) void changed(); else setMessage(asApiError(error, t("errors.network")).detail);
  }
  async function cancel(id: number) {
    await api.DELETE("/api/language/enrolments/{id}", { params: { path: { id } } });
    void changed();
  }
  if (!rows) return <QueryStatus query={query} />;
  return (
    <div className="enrolments">
      {rows.length === 0 && <p className="empty">{t("language.courses.nobody")}</p>}
      <ol>
      {rows.map((row) => (
        <li key={row.id}>
          {row.newcomer.user.full_name || row.newcomer.user.email} —{" "}
          {row.status === "waiting" ? t("language.courses.waiting", { place: row.waiting_place ?? 0 }) : t("language.courses.enrolled")}{" "}
          <button type="button" className="link-like" onClick={() => void cancel(row.id)}>{t("language.courses.cancel")}</button>
        </li>
      ))}
      </ol>
      <div className="row window">
        <select aria-label={t("language.courses.enrolWho")} value={chosen} onChange={(event) => setChosen(event.target.value)}>
          <option value="">{t("language.planner.choose")}</option>
          {newcomers.map((profile) => <option key={profile.id} value={profile.id}>{profile.user.full_name || profile.user.email}</option>)}
        </select>
        <button type="button" className="secondary" disabled={!chosen} onClick={() => void enrol()}>{t("language.courses.enrol")}</button>
      </div>
      {message && <p className="form-error" role="alert">{message}</p>}
    </div>
  );
}

function CourseForm({ onCreated }: { onCreated: () => void }) {
  const { t, i18n } = useTranslation();
  const [name, setName] = useState("");
  const [level, setLevel] = useState<Schemas["LevelEnum"]>("A1");
  const [teacher, setTeacher] = useState("");
  const [seats, setSeats] = useState("10");
  const [startsOn, setStartsOn] = useState(todayIso());
  const [endsOn, setEndsOn] = useState("");
  const [weekday, setWeekday] = useState(1);
  const [start, setStart] = useState("19:00");
  const [end, setEnd] = useState("21:00");
  const [error, setError] = useState<ApiErrorBody | null>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const { data, error: body } = await api.POST("/api/language/courses", {
      body: { name, level, teacher, seats: Number(seats), starts_on: startsOn, ends_on: endsOn, times: [{ weekday, start, end }] },
    });
    if (data) {
      setName("");
      onCreated();
    } else setError(asApiError(body, t("errors.network")));
  }
  return (
    <form onSubmit={submit} noValidate className="inline-form">
      <h3>{t("language.courses.add")}</h3>
      <label htmlFor="course-name">{t("language.courses.name")}</label>
      <input id="course-name" value={name} onChange={(event) => setName(event.target.value)} />
      <FieldError id="course-name-error" messages={error?.fields.name} />
      <div className="row">
        <div>
          <label htmlFor="course-level">{t("language.courses.level")}</label>
          <select id="course-level" value={level} onChange={(event) => setLevel(event.target.value as Schemas["LevelEnum"])}>
            {LEVELS.map((value) => <option key={value} value={value}>{value}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="course-seats">{t("language.courses.seatsLabel")}</label>
          <input id="course-seats" type="number" min={0} value={seats} onChange={(event) => setSeats(event.target.value)} />
        </div>
      </div>
      <FieldError id="course-seats-error" messages={error?.fields.seats} />
      <label htmlFor="course-teacher">{t("language.courses.teacher")}</label>
      <input id="course-teacher" value={teacher} onChange={(event) => setTeacher(event.target.value)} />
      <div className="row">
        <div>
          <label htmlFor="course-start">{t("language.courses.startsOn")}</label>
          <input id="course-start" type="date" value={startsOn} onChange={(event) => setStartsOn(event.target.value)} />
        </div>
        <div>
          <label htmlFor="course-end">{t("language.courses.endsOn")}</label>
          <input id="course-end" type="date" value={endsOn} onChange={(event) => setEndsOn(event.target.value)} />
        </div>
      </div>
      <FieldError id="course-end-error" messages={error?.fields.ends_on} />
      <div className="row window">
        <select aria-label={t("language.planner.weekday")} value={weekday} onChange={(event) => setWeekday(Number(event.target.value))}>
          {[0, 1, 2, 3, 4, 5, 6].map((day) => <option key={day} value={day}>{weekdayName(day, i18n.language)}</option>)}
        </select>
        <input aria-label={t("language.planner.from")} type="time" value={start} onChange={(event) => setStart(event.target.value)} />
        <input aria-label={t("language.planner.until")} type="time" value={end} onChange={(event) => setEnd(event.target.value)} />
      </div>
      <FieldError id="course-times-error" messages={error?.fields.times} />
      {error && Object.keys(error.fields).length === 0 && <p className="form-error" role="alert">{error.detail}</p>}
      <button type="submit" className="primary">{t("language.courses.create")}</button>
    </form>
  );
}
