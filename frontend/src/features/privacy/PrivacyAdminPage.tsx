import "../../components/settings.css";
import { useId, useState, type FormEvent } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useTimes } from "../../i18n/useTimes";
import { useTranslation } from "react-i18next";
import { asApiError, type ApiErrorBody } from "../../api/client";
import { $api, useInvalidate } from "../../api/query";
import { QueryStatus } from "../../components/QueryStatus";
import { useDebounced } from "../../lib/useDebounced";
import { useSession } from "../../app/session";
import { FieldError } from "../../components/FieldError";
import { formatNumber } from "../../i18n/format";
import { Pager } from "../settings";
import { PRIVACY_ADMIN_ROLES } from "../settings";
import { RoleGate } from "../settings";
import {
  AUDIT_ACTIONS,
  confirmationMatches,
  erasePerson,
  filterProblems,
  NO_FILTERS,
  parseKeepDays,
  personName,
  saveRetention,
  useAuditLog,
  useErasures,
  usePeopleSearch,
  useRetention,
  type AuditEntry,
  type AuditFilters,
  type Erasure,
  type Person,
  type Retention,
} from "./privacyAdmin";
import { ErrorText } from "../../components/Status";

const PAGE_SIZE = 25;
const SEARCH_DELAY_MS = 250;

/** Find a person of the organisation by part of their name or e-mail address. */
function PersonPicker({
  label,
  hint,
  chosen,
  onChoose,
}: {
  label: string;
  hint: string;
  chosen: Person | null;
  onChoose: (person: Person | null) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState("");
  const search = useDebounced(text.trim(), SEARCH_DELAY_MS);
  const found = usePeopleSearch(search);
  const results: Person[] | null = text.trim() && search ? (found.data?.results ?? null) : null;
  const error: ApiErrorBody | null = found.isError ? asApiError(found.error, t("errors.network")) : null;

  if (chosen) {
    return (
      <div className="chosen">
        <span>
          <strong>{personName(chosen)}</strong> <span className="muted small">{chosen.email} · {t(`roles.${chosen.role}`)}</span>
        </span>
        <button type="button" className="secondary" onClick={() => { onChoose(null); setText(""); }}>
          {t("settings.privacy.person.change")}
        </button>
      </div>
    );
  }
  return (
    <div>
      <label htmlFor={`${id}-search`}>{label}</label>
      <input id={`${id}-search`} type="search" value={text} autoComplete="off"
        onChange={(event) => setText(event.target.value)} aria-describedby={`${id}-hint`} />
      <p id={`${id}-hint`} className="muted small">{hint}</p>
      <ErrorText error={error} />
      {results?.length === 0 && (
        <p className="empty" role="status">{t("settings.privacy.person.none", { search: text.trim() })}</p>
      )}
      {results && results.length > 0 && (
        <ul className="choices" aria-label={t("settings.privacy.person.results")}>
          {results.map((person) => (
            <li key={person.id}>
              <button type="button" onClick={() => { setText(""); onChoose(person); }}>
                <strong>{personName(person)}</strong>{" "}
                <span className="muted small">{person.email} · {t(`roles.${person.role}`)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

// --- Audit log -------------------------------------------------------------------------------------

function AuditLine({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const times = useTimes();
  const actor = entry.actor?.display_name ?? t("settings.privacy.audit.system");
  const role = entry.actor_role ? t(`roles.${entry.actor_role}`, { defaultValue: entry.actor_role }) : "";
  return (
    <li>
      <span>
        {t(`settings.privacy.audit.${entry.subject_user ? "line" : "lineOrg"}.${entry.action}`, {
          actor,
          subject: entry.subject_user?.display_name,
          reason: entry.object_id,
          what: t(`settings.privacy.audit.object.${entry.object_type}`, { defaultValue: entry.object_type }),
        })}
      </span>
      <span className="muted small">
        <time dateTime={entry.at}>{times.dateTime(entry.at)}</time>
        {role && <> · {role}</>}
      </span>
    </li>
  );
}

function AuditPanel() {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState<AuditFilters>(NO_FILTERS);
  const [person, setPerson] = useState<Person | null>(null);
  const [applied, setApplied] = useState<AuditFilters>(NO_FILTERS);
  const [page, setPage] = useState(1);
  const query = useAuditLog(applied, page);
  const entries = query.data ?? null;
  // The server's reason for refusing the filters (400 names the field), else what the browser found.
  const error: ApiErrorBody | null = query.isError ? asApiError(query.error, t("errors.network")) : null;
  const [checked, setFieldErrors] = useState<Record<string, string[]>>({});
  const fieldErrors = Object.keys(checked).length ? checked : (error?.fields ?? {});

  function apply(event: FormEvent) {
    event.preventDefault();
    const filters = { ...draft, person: person ? { id: person.id, name: personName(person) } : null };
    const problems = filterProblems(filters, t("settings.privacy.audit.untilBeforeSince"));
    setFieldErrors(problems);
    if (Object.keys(problems).length) return;
    setApplied(filters);
    setPage(1);
  }

  function clear() {
    setDraft(NO_FILTERS);
    setPerson(null);
    setFieldErrors({});
    setApplied(NO_FILTERS);
    setPage(1);
  }

  const change = (patch: Partial<AuditFilters>) => setDraft((current) => ({ ...current, ...patch }));
  const untilErrors = fieldErrors.until ?? [];
  const sinceErrors = fieldErrors.since ?? [];
  return (
    <section className="card" aria-labelledby="audit-log-title">
      <h2 id="audit-log-title">{t("settings.privacy.audit.title")}</h2>
      <p className="muted">{t("settings.privacy.audit.intro")}</p>
      <form onSubmit={apply} noValidate className="inline-form" aria-label={t("settings.privacy.audit.filters")}>
        <PersonPicker label={t("settings.privacy.audit.person")} hint={t("settings.privacy.person.hint")}
          chosen={person} onChoose={setPerson} />
        {person && (
          <>
            <label htmlFor={`${id}-side`}>{t("settings.privacy.audit.side")}</label>
            <select id={`${id}-side`} value={draft.side} onChange={(event) => change({ side: event.target.value as AuditFilters["side"] })}>
              <option value="subject">{t("settings.privacy.audit.sideSubject")}</option>
              <option value="actor">{t("settings.privacy.audit.sideActor")}</option>
            </select>
          </>
        )}
        <div className="filters">
          <div>
            <label htmlFor={`${id}-action`}>{t("settings.privacy.audit.action")}</label>
            <select id={`${id}-action`} value={draft.action} onChange={(event) => change({ action: event.target.value as AuditFilters["action"] })}>
              <option value="">{t("settings.privacy.audit.anyAction")}</option>
              {AUDIT_ACTIONS.map((action) => (
                <option key={action} value={action}>{t(`settings.privacy.audit.actionName.${action}`)}</option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor={`${id}-since`}>{t("settings.privacy.audit.since")}</label>
            <input id={`${id}-since`} type="date" value={draft.since} onChange={(event) => change({ since: event.target.value })}
              aria-invalid={sinceErrors.length > 0 || undefined} aria-describedby={sinceErrors.length ? `${id}-since-error` : undefined} />
            <FieldError id={`${id}-since-error`} messages={sinceErrors} />
          </div>
          <div>
            <label htmlFor={`${id}-until`}>{t("settings.privacy.audit.until")}</label>
            <input id={`${id}-until`} type="date" value={draft.until} onChange={(event) => change({ until: event.target.value })}
              aria-invalid={untilErrors.length > 0 || undefined} aria-describedby={untilErrors.length ? `${id}-until-error` : undefined} />
            <FieldError id={`${id}-until-error`} messages={untilErrors} />
          </div>
        </div>
        <div className="link-row">
          <button type="submit" className="primary">{t("settings.privacy.audit.apply")}</button>
          <button type="button" className="secondary" onClick={clear}>{t("settings.privacy.audit.clear")}</button>
        </div>
      </form>
      {error && !Object.keys(error.fields).length && <ErrorText error={error} />}
      {!entries && !error && <QueryStatus query={query} />}
      {entries && (
        <p className="muted small" aria-live="polite">
          {t("settings.privacy.audit.count", { count: entries.count, formatted: formatNumber(entries.count, i18n.language) })}
        </p>
      )}
      {entries?.count === 0 && <p className="empty">{t("settings.privacy.audit.empty")}</p>}
      {entries && entries.results.length > 0 && (
        <ul className="settings-list" aria-labelledby="audit-log-title" data-testid="audit-log">
          {entries.results.map((entry) => <AuditLine key={entry.id} entry={entry} />)}
        </ul>
      )}
      {entries && (
        <Pager page={page} count={entries.count} pageSize={PAGE_SIZE} onPage={setPage} label={t("settings.privacy.audit.pages")} />
      )}
    </section>
  );
}

// --- Retention -------------------------------------------------------------------------------------

function RetentionRow({ row, canEdit, onSaved }: { row: Retention; canEdit: boolean; onSaved: (row: Retention) => void }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [text, setText] = useState(String(row.keep_days));
  const [errors, setErrors] = useState<string[]>([]);
  const [formError, setFormError] = useState<ApiErrorBody | null>(null);
  const [saved, setSaved] = useState("");
  const [busy, setBusy] = useState(false);
  const name = t(`settings.privacy.retention.kind.${row.kind}`, { defaultValue: row.kind });
  const about = t(`settings.privacy.retention.about.${row.kind}`, { defaultValue: row.description });
  const days = (count: number) => t("settings.privacy.retention.days", { count, formatted: formatNumber(count, i18n.language) });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved("");
    setFormError(null);
    const parsed = parseKeepDays(text, {
      required: t("settings.required"),
      whole: t("settings.privacy.retention.whole"),
      range: t("settings.privacy.retention.range"),
    });
    if ("problem" in parsed) {
      setErrors([parsed.problem]);
      return;
    }
    setErrors([]);
    setBusy(true);
    const result = await saveRetention(row.kind, parsed.days, t("errors.network"));
    setBusy(false);
    if (result.ok) {
      onSaved(result.data);
      setText(String(result.data.keep_days));
      setSaved(t("settings.privacy.retention.saved", { kind: name, days: days(result.data.keep_days) }));
    } else {
      setErrors(result.error.fields.keep_days ?? []);
      if (!result.error.fields.keep_days) setFormError(result.error);
    }
  }

  return (
    <li data-kind={row.kind}>
      <strong id={`${id}-name`}>{name}</strong>
      <span className="muted small" id={`${id}-about`}>{about}</span>
      {canEdit ? (
        <form onSubmit={submit} noValidate className="inline-form" aria-labelledby={`${id}-name`}>
          <label htmlFor={`${id}-days`}>{t("settings.privacy.retention.keepDays", { kind: name })}</label>
          <input id={`${id}-days`} inputMode="numeric" value={text} onChange={(event) => setText(event.target.value)}
            aria-invalid={errors.length > 0 || undefined}
            aria-describedby={[`${id}-default`, errors.length ? `${id}-error` : ""].join(" ").trim()} />
          <p id={`${id}-default`} className="muted small">{t("settings.privacy.retention.default", { days: days(row.default_days) })}</p>
          <FieldError id={`${id}-error`} messages={errors} />
          <button type="submit" className="secondary" disabled={busy}>
            {t("settings.privacy.retention.save")}<span className="visually-hidden"> {name}</span>
          </button>
          <ErrorText error={formError} />
          {saved && <p className="notice" role="status">{saved}</p>}
        </form>
      ) : (
        <span>
          {t("settings.privacy.retention.current", { days: days(row.keep_days) })}{" "}
          <span className="muted small">{t("settings.privacy.retention.default", { days: days(row.default_days) })}</span>
        </span>
      )}
    </li>
  );
}

function RetentionPanel({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const query = useRetention();
  const rows = query.data ?? null;
  const error: ApiErrorBody | null = query.isError ? asApiError(query.error, t("errors.network")) : null;
  const client = useQueryClient();
  const saved = (row: Retention) =>
    client.setQueryData<Retention[]>($api.queryOptions("get", "/api/privacy/retention").queryKey, (current) =>
      current?.map((item) => (item.kind === row.kind ? row : item)),
    );

  return (
    <section className="card" aria-labelledby="retention-title">
      <h2 id="retention-title">{t("settings.privacy.retention.title")}</h2>
      <p className="muted">{canEdit ? t("settings.privacy.retention.intro") : t("settings.privacy.retention.readOnly")}</p>
      <ErrorText error={error} />
      {!rows && !error && <QueryStatus query={query} />}
      {rows?.length === 0 && <p className="empty">{t("settings.privacy.retention.empty")}</p>}
      {rows && rows.length > 0 && (
        <ul className="settings-list" data-testid="retention">
          {rows.map((row) => (
            <RetentionRow key={row.kind} row={row} canEdit={canEdit}
              onSaved={saved} />
          ))}
        </ul>
      )}
    </section>
  );
}

// --- Erasure (admin) ------------------------------------------------------------------------------

function ErasureHistory() {
  const { t } = useTranslation();
  const times = useTimes();
  const [page, setPage] = useState(1);
  const query = useErasures(page);
  const records = query.data ?? null;
  const error: ApiErrorBody | null = query.isError ? asApiError(query.error, t("errors.network")) : null;

  return (
    <>
      <h3 id="erasures-title">{t("settings.privacy.erasure.historyTitle")}</h3>
      <ErrorText error={error} />
      {!records && !error && <QueryStatus query={query} />}
      {records?.count === 0 && <p className="empty">{t("settings.privacy.erasure.historyEmpty")}</p>}
      {records && records.results.length > 0 && (
        <ul className="settings-list" aria-labelledby="erasures-title" data-testid="erasures">
          {records.results.map((record) => (
            <li key={record.id}>
              <span>
                {t("settings.privacy.erasure.record", {
                  account: String(record.erased_user), // an identifier, not an amount: no digit grouping
                  date: times.dateTime(record.erased_at),
                  by: record.erased_by_name ?? t("settings.privacy.audit.system"),
                })}
              </span>
              <span className="muted small">{t("settings.privacy.erasure.sources", { sources: record.sources.join(", ") })}</span>
            </li>
          ))}
        </ul>
      )}
      {records && (
        <Pager page={page} count={records.count} pageSize={PAGE_SIZE} onPage={setPage} label={t("settings.privacy.erasure.pages")} />
      )}
    </>
  );
}

function ErasurePanel() {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [person, setPerson] = useState<Person | null>(null);
  const [typed, setTyped] = useState("");
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<ApiErrorBody | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Erasure | null>(null);
  const invalidate = useInvalidate();

  function choose(chosen: Person | null) {
    setPerson(chosen);
    setTyped("");
    setErrors({});
    setError(null);
    if (chosen) setDone(null);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!person) return;
    setError(null);
    if (!confirmationMatches(typed, person.email)) {
      setErrors({ confirm_email: [t("settings.privacy.erasure.mismatch")] });
      return;
    }
    setErrors({});
    setBusy(true);
    const result = await erasePerson(person, typed, t("errors.network"));
    setBusy(false);
    if (result.ok) {
      setDone(result.data);
      setPerson(null);
      setTyped("");
      // The history, the audit log and the people lists show the erasure.
      void invalidate("/api/privacy/erasures", "/api/audit", "/api/users");
    } else {
      setErrors(result.error.fields);
      setError(result.error);
    }
  }

  const confirmErrors = errors.confirm_email ?? [];
  const matches = !!person && confirmationMatches(typed, person.email);
  return (
    <section className="card danger-zone" aria-labelledby="erasure-title">
      <h2 id="erasure-title">{t("settings.privacy.erasure.title")}</h2>
      <p className="muted">{t("settings.privacy.erasure.intro")}</p>
      <form onSubmit={submit} noValidate className="inline-form">
        <PersonPicker label={t("settings.privacy.erasure.person")} hint={t("settings.privacy.person.hint")}
          chosen={person} onChoose={choose} />
        {person && (
          <>
            <p id={`${id}-warning`}>
              <strong>{t("settings.privacy.erasure.warning", { name: personName(person) })}</strong>
            </p>
            <label htmlFor={`${id}-confirm`}>{t("settings.privacy.erasure.confirm", { email: person.email })}</label>
            <input id={`${id}-confirm`} value={typed} autoComplete="off" spellCheck={false}
              onChange={(event) => setTyped(event.target.value)}
              aria-invalid={confirmErrors.length > 0 || undefined}
              aria-describedby={[`${id}-warning`, confirmErrors.length ? `${id}-confirm-error` : ""].join(" ").trim()} />
            <FieldError id={`${id}-confirm-error`} messages={confirmErrors} />
            {errors.user && <FieldError id={`${id}-user-error`} messages={errors.user} />}
            <button type="submit" className="danger" disabled={!matches || busy}>
              {t("settings.privacy.erasure.submit", { name: personName(person) })}
            </button>
          </>
        )}
      </form>
      {busy && (
        <div role="status">
          <p>{t("settings.privacy.erasure.busy")}</p>
          <progress aria-label={t("settings.privacy.erasure.progress")} />
        </div>
      )}
      {error && !Object.keys(error.fields).length && <ErrorText error={error} />}
      {done && (
        <div className="notice" role="status">
          <p>{t("settings.privacy.erasure.done", { count: done.sources.length, formatted: formatNumber(done.sources.length, i18n.language) })}</p>
          <p className="small">{t("settings.privacy.erasure.sources", { sources: done.sources.join(", ") })}</p>
        </div>
      )}
      <ErasureHistory />
    </section>
  );
}

export function PrivacyAdminPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const admin = me?.role === "admin";
  return (
    <RoleGate allowed={PRIVACY_ADMIN_ROLES}>
      <div className="stack">
        <header className="page-header">
          <h1>{t("settings.privacy.title")}</h1>
          <p className="muted">{admin ? t("settings.privacy.introAdmin") : t("settings.privacy.introHr")}</p>
        </header>
        <AuditPanel />
        <RetentionPanel canEdit={admin} />
        {admin && <ErasurePanel />}
      </div>
    </RoleGate>
  );
}
