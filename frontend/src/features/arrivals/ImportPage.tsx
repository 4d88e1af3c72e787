import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { ApiErrorBody } from "../../api/client";
import { useInvalidate } from "../../api/query";
import { LoadError } from "../../components/LoadError";
import { ErrorText } from "../../components/Status";
import { RoleGate } from "../settings";
import {
  confirmImport, discardImport, uploadFile, useImport, useImportRows, useRoutes,
  type ArrivalImport, type Column, type ImportRow,
} from "./api";
import "./arrivals.css";

const ENCODINGS = ["", "utf-8", "cp1250", "cp1252", "cp1251", "cp1254", "iso8859_2", "utf-16"];
const ACCEPT = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const POLL_MS = 1000;

export const ARRIVALS_ROLES = ["hr", "admin"] as const;

/** HR uploads a file of arrivals, checks every row, confirms, and follows the import. */
export function ImportPage() {
  return (
    <RoleGate allowed={ARRIVALS_ROLES}>
      <ImportScreen />
    </RoleGate>
  );
}

function ImportScreen() {
  const { t } = useTranslation();
  const [current, setCurrent] = useState<ArrivalImport | null>(null);
  return (
    <div className="stack arrivals">
      <header className="page-header">
        <h1>{t("arrivals.import.title")}</h1>
        <p className="muted">{t("arrivals.import.intro")}</p>
        <p><Link to="/arrivals/cohort">{t("arrivals.cohort.open")}</Link></p>
      </header>
      {!current && <UploadForm onUploaded={setCurrent} />}
      {current?.status === "preview" && (
        <Preview arrivalImport={current} onChange={setCurrent} onDiscarded={() => setCurrent(null)} />
      )}
      {current && current.status !== "preview" && <Progress arrivalImport={current} onAgain={() => setCurrent(null)} />}
    </div>
  );
}

function UploadForm({ onUploaded }: { onUploaded: (value: ArrivalImport) => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [route, setRoute] = useState("");
  const [encoding, setEncoding] = useState("");
  const routes: { slug: string; title: string }[] = useRoutes().data?.results ?? [];
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiErrorBody | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    const { data, error: refused } = await uploadFile(file, { route, encoding }, t("errors.network"));
    setBusy(false);
    if (data) onUploaded(data);
    else setError(refused);
  }

  return (
    <section className="card" aria-labelledby="arrivals-upload-title">
      <h2 id="arrivals-upload-title">{t("arrivals.upload.title")}</h2>
      <p className="muted">{t("arrivals.upload.columns")}</p>
      <form className="arrivals-form" onSubmit={submit}>
        <div>
          <label htmlFor="arrivals-file">{t("arrivals.upload.file")}</label>
          <input id="arrivals-file" type="file" accept={ACCEPT} required aria-describedby="arrivals-file-hint arrivals-file-error"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          <p id="arrivals-file-hint" className="muted">{t("arrivals.upload.fileHint")}</p>
        </div>
        <div>
          <label htmlFor="arrivals-route">{t("arrivals.upload.route")}</label>
          <select id="arrivals-route" value={route} onChange={(e) => setRoute(e.target.value)}>
            <option value="">{t("arrivals.upload.routeFromFile")}</option>
            {routes.map((item) => <option key={item.slug} value={item.slug}>{item.title}</option>)}
          </select>
        </div>
        <details>
          <summary>{t("arrivals.upload.more")}</summary>
          <label htmlFor="arrivals-encoding">{t("arrivals.upload.encoding")}</label>
          <select id="arrivals-encoding" value={encoding} onChange={(e) => setEncoding(e.target.value)}>
            {ENCODINGS.map((value) => (
              <option key={value} value={value}>{value ? t(`arrivals.encoding.${value}`) : t("arrivals.encoding.auto")}</option>
            ))}
          </select>
        </details>
        <div id="arrivals-file-error"><ErrorText error={error} /></div>
        <button type="submit" className="primary" disabled={!file || busy}>
          {busy ? t("arrivals.upload.checking") : t("arrivals.upload.submit")}
        </button>
      </form>
    </section>
  );
}

function Preview({ arrivalImport, onChange, onDiscarded }: {
  arrivalImport: ArrivalImport;
  onChange: (value: ArrivalImport) => void;
  onDiscarded: () => void;
}) {
  const { t } = useTranslation();
  const [onlyErrors, setOnlyErrors] = useState(arrivalImport.error_row_count > 0);
  const pages = useImportRows(arrivalImport.id, onlyErrors);
  const rows: ImportRow[] = pages.data?.pages.flatMap((page) => page.results) ?? [];
  const [skip, setSkip] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiErrorBody | null>(null);
  const valid = arrivalImport.row_count - arrivalImport.error_row_count;


  async function confirm() {
    setBusy(true);
    setError(null);
    const { data, error: refused } = await confirmImport(arrivalImport.id, skip, t("errors.network"));
    setBusy(false);
    if (data) onChange(data);
    else setError(refused);
  }

  async function discard() {
    if (await discardImport(arrivalImport.id)) onDiscarded();
  }

  return (
    <>
      <section className="card" aria-labelledby="arrivals-preview-title">
        <h2 id="arrivals-preview-title">{t("arrivals.preview.title", { file: arrivalImport.file_name })}</h2>
        <p>{t("arrivals.preview.summary", { count: arrivalImport.row_count, errors: arrivalImport.error_row_count })}</p>
        {arrivalImport.encoding && <p className="muted">{t("arrivals.preview.encoding", { encoding: arrivalImport.encoding })}</p>}
        {arrivalImport.ignored_columns.length > 0 && (
          <p className="muted">{t("arrivals.preview.ignored", { columns: arrivalImport.ignored_columns.join(", ") })}</p>
        )}
        {arrivalImport.error_row_count > 0 && (
          <label className="checkbox">
            <input type="checkbox" checked={onlyErrors} onChange={(e) => setOnlyErrors(e.target.checked)} />
            {t("arrivals.preview.onlyErrors")}
          </label>
        )}
      </section>
      <section className="card" aria-labelledby="arrivals-rows-title" aria-live="polite">
        <h2 id="arrivals-rows-title">{t("arrivals.preview.rows")}</h2>
        {pages.isError && <LoadError />}
        <ol className="arrival-rows">
          {rows.map((row) => <RowCard key={row.id} row={row} columns={arrivalImport.columns} />)}
        </ol>
        {pages.hasNextPage && (
          <button type="button" className="secondary" onClick={() => void pages.fetchNextPage()}>{t("arrivals.preview.more")}</button>
        )}
      </section>
      <section className="card" aria-labelledby="arrivals-confirm-title">
        <h2 id="arrivals-confirm-title">{t("arrivals.confirm.title")}</h2>
        <p className="muted">{t("arrivals.confirm.intro")}</p>
        {arrivalImport.error_row_count > 0 && valid > 0 && (
          <label className="checkbox">
            <input type="checkbox" checked={skip} onChange={(e) => setSkip(e.target.checked)} />
            {t("arrivals.confirm.skip", { count: arrivalImport.error_row_count })}
          </label>
        )}
        <ErrorText error={error} />
        <div className="arrivals-actions">
          <button type="button" className="primary" disabled={busy || valid === 0 || (arrivalImport.error_row_count > 0 && !skip)} onClick={() => void confirm()}>
            {t("arrivals.confirm.submit", { count: skip ? valid : arrivalImport.row_count })}
          </button>
          <button type="button" className="secondary" onClick={() => void discard()}>{t("arrivals.confirm.discard")}</button>
        </div>
      </section>
    </>
  );
}

const SHOWN: Column[] = ["email", "arrival_on", "first_day_on", "team", "route", "languages", "phone"];

function RowCard({ row, columns }: { row: ImportRow; columns: Column[] }) {
  const { t } = useTranslation();
  const problems = row.errors.length > 0;
  return (
    <li className={problems ? "arrival-row has-errors" : "arrival-row"}>
      <p className="arrival-row-title">
        <span className="badge">{t("arrivals.preview.row", { number: row.number })}</span>{" "}
        <bdi>{row.values.full_name || "—"}</bdi>
      </p>
      <dl className="arrival-values">
        {SHOWN.filter((column) => columns.includes(column) && row.values[column]).map((column) => (
          <div key={column}>
            <dt>{t(`arrivals.column.${column}`)}</dt>
            <dd><bdi>{row.values[column]}</bdi></dd>
          </div>
        ))}
      </dl>
      {problems ? (
        <ul className="arrival-errors">
          {row.errors.map((error, index) => (
            <li key={index}><strong>{t(`arrivals.column.${error.column}`)}:</strong> {error.message}</li>
          ))}
        </ul>
      ) : (
        <p className="notice">{t("arrivals.preview.ok")}</p>
      )}
    </li>
  );
}

function Progress({ arrivalImport: started, onAgain }: { arrivalImport: ArrivalImport; onAgain: () => void }) {
  const { t } = useTranslation();
  const arrivalImport = useImport(started, POLL_MS).data ?? started;
  const running = arrivalImport.status === "queued" || arrivalImport.status === "running";
  const invalidate = useInvalidate();
  const done = arrivalImport.status === "done";
  useEffect(() => {
    // The people it made: the cohort, the newcomer lists and the plans are read again.
    if (done) void invalidate("/api/arrivals/cohort", "/api/newcomers", "/api/journeys/", "/api/users");
  }, [done, invalidate]);

  return (
    <section className="card" aria-labelledby="arrivals-progress-title" aria-live="polite">
      <h2 id="arrivals-progress-title">{t(`arrivals.progress.${arrivalImport.status}`)}</h2>
      {running && (
        <>
          <progress max={arrivalImport.total} value={arrivalImport.processed} aria-labelledby="arrivals-progress-title" />
          <p>{t("arrivals.progress.count", { done: arrivalImport.processed, total: arrivalImport.total })}</p>
        </>
      )}
      {arrivalImport.status === "done" && (
        <>
          <p className="notice">{t("arrivals.progress.created", { count: arrivalImport.created_count })}</p>
          <p><Link className="button-link" to="/arrivals/cohort">{t("arrivals.cohort.open")}</Link></p>
        </>
      )}
      {arrivalImport.status === "failed" && arrivalImport.error && (
        <p className="form-error" role="alert">{arrivalImport.error.message}</p>
      )}
      {!running && <button type="button" className="secondary" onClick={onAgain}>{t("arrivals.progress.again")}</button>}
    </section>
  );
}
