import { useState, type ChangeEvent } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useSession } from "../../app/session";
import { HelpfulPrompt } from "../feedback";
import { ReadAloud } from "../../components/reading/ReadAloud";
import { MarkedText } from "../../components/reading/MarkedText";
import { useTimes } from "../../i18n/useTimes";
import { useTranslation } from "react-i18next";
import { api, asApiError, type ApiErrorBody, type Schemas } from "../../api/client";
import { $api } from "../../api/query";
import { FieldError } from "../../components/FieldError";
import { useOutbox } from "../../offline/OutboxProvider";
import { useOutboxSettled } from "../../offline/useOutboxSettled";
import { formatNumber, type ShownZones } from "../../i18n/format";
import { dueState } from "./due";
import { ContentLanguageNote } from "../../components/ContentLanguage";

type Item = Schemas["ChecklistItem"];
type Status = Schemas["ChecklistItemStatusEnum"];
const STATUSES: Status[] = ["open", "in_progress", "done", "not_applicable"];
const ACCEPT = "application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png";

/**
 * "3 days left · 9 Mar 2026". The days are counted on the device's calendar, like Today's steps,
 * not taken from the API's `days_left` (counted on the newcomer's profile calendar for reminders).
 */
export function DueText({ dueOn, showDate = true, now = new Date(), zones }: {
  dueOn: string | null | undefined;
  showDate?: boolean;
  now?: Date;
  zones?: Partial<ShownZones>;
}) {
  const { t } = useTranslation();
  const times = useTimes(zones);
  const due = dueState(dueOn ? times.daysUntil(dueOn, now) : null);
  if (due.key === "checklists.due.none") return null;
  return (
    <span className={due.late ? "due-late" : undefined}>
      {t(due.key, { count: due.count })}
      {showDate && dueOn && <span className="muted"> · {times.date(dueOn)}</span>}
    </span>
  );
}

export function StatusBadge({ item }: { item: Item }) {
  const { t } = useTranslation();
  if (item.retired) return <span className="badge status-retired">{t("checklists.retired.badge")}</span>;
  const status = item.status ?? "open";
  return <span className={`badge status-${status}`}>{t(`checklists.status.${status}`)}</span>;
}

const UNIT_KEYS: Record<string, string> = { EUR: "eur", "EUR/hour": "hour", "EUR/month": "month", "EUR/year": "year" };

export function ItemCard({ item, onChanged, canEdit }: { item: Item; onChanged: (item: Item) => void; canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const times = useTimes();
  const [reason, setReason] = useState(item.not_applicable_reason ?? "");
  const [note, setNote] = useState(item.note ?? "");
  const [error, setError] = useState<ApiErrorBody | null>(null);
  const [notice, setNotice] = useState("");
  const [busy, setBusy] = useState(false);
  const { perform } = useOutbox();
  const { me } = useSession();
  const [queuedStatus, setQueuedStatus] = useState<Status | null>(null);
  const editable = canEdit && !item.retired;
  const id = item.id;
  // The item as the server has it now: after a change was refused because it no longer fit.
  const client = useQueryClient();
  async function refresh() {
    const read = $api.queryOptions("get", "/api/checklist-items/{id}", { params: { path: { id } } });
    const data = await client.fetchQuery({ ...read, staleTime: 0 }).catch(() => null);
    if (data) onChanged(data);
  }
  useOutboxSettled(`/api/checklist-items/${id}`, (outcome) => {
    setQueuedStatus(null);
    setNotice(outcome.state === "sent" ? t("checklists.saved") : "");
    if (outcome.state === "sent" && outcome.data) onChanged(outcome.data as Item);
    else if (outcome.state === "refused") void refresh(); // the banner says what happened
  });
  const shownStatus = queuedStatus ?? item.status;

  async function update(body: Schemas["PatchedChecklistItemWriteRequest"]) {
    setBusy(true);
    setError(null);
    setNotice("");
    // Through the outbox: offline the change waits on the phone and is sent when the connection
    // returns; the server refuses it (409) when the item was changed there after it was made.
    const result = await perform({
      method: "patch",
      path: "/api/checklist-items/{id}",
      params: { id },
      body,
      kind: "checklistItem",
      labelValues: { title: item.title },
      screen: "/checklists",
    });
    setBusy(false);
    if (result.state === "sent") {
      onChanged(result.data as Item);
      setNotice(t("checklists.saved"));
    } else if (result.state === "queued") {
      if (body.status) setQueuedStatus(body.status);
      setNotice(t("offline.waiting"));
    } else if (result.reason === "conflict" || result.reason === "gone") {
      setError({ code: result.error.code, detail: t(`outbox.outcome.checklistItem.${result.reason}`), fields: {} });
      void refresh();
    } else setError(asApiError(result.error, t("errors.network")));
  }

  async function setStatus(status: Status) {
    if (status === "not_applicable" && !reason.trim()) {
      setError({ code: "invalid", detail: "", fields: { not_applicable_reason: [t("checklists.reasonNeeded")] } });
      return;
    }
    await update(status === "not_applicable" ? { status, not_applicable_reason: reason } : { status });
  }

  async function upload(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    const form = new FormData();
    form.append("file", file);
    setBusy(true);
    setError(null);
    const { data, error: failure } = await api.POST("/api/checklist-items/{id}/documents", {
      params: { path: { id } },
      body: form as unknown as Schemas["ChecklistDocumentUploadRequest"],
      bodySerializer: (body) => body as unknown as FormData,
    });
    setBusy(false);
    if (data) {
      onChanged({ ...item, documents: [...item.documents, data] });
      setNotice(t("checklists.documents.uploaded", { name: data.original_name }));
    } else setError(asApiError(failure, t("errors.network")));
  }

  async function remove(documentId: number) {
    const { response } = await api.DELETE("/api/checklist-documents/{id}", { params: { path: { id: documentId } } });
    if (response.ok) onChanged({ ...item, documents: item.documents.filter((d) => d.id !== documentId) });
  }

  return (
    <li>
      <details className={`checklist-item${item.retired ? " retired" : ""}`} data-ref={item.ref}>
        <summary>
          <span className="item-title" lang={item.content.language} dir="auto">
            {item.title}
            {item.child_name && <span className="muted"> — {item.child_name}</span>}
          </span>
          <span className="item-meta">
            <StatusBadge item={queuedStatus ? { ...item, status: queuedStatus } : item} />
            {queuedStatus && <span className="badge status-queued">{t("offline.waiting")}</span>}
            {!item.retired && item.status !== "done" && item.status !== "not_applicable" && (
              <DueText dueOn={item.due_on} />
            )}
          </span>
        </summary>
        <div className="item-body">
          {item.retired && (
            <p className="notice" role="note">
              {t(`checklists.retired.${item.retired.reason}`, { child: item.retired.child })}
              {item.retired.facts.length > 0 && ` (${item.retired.facts.map((f) => t(`checklists.fact.${f}`)).join(", ")})`}
            </p>
          )}
          <ContentLanguageNote meta={item.content} />
          {/* Sanitised on the server (markdown-it + nh3) when the content is synced. */}
          <ReadAloud text={`${item.title}. ${item.body_html}`} lang={item.content.language} source={{ kind: "checklist_item", ref: String(id) }} />
          <MarkedText html={item.body_html} lang={item.content.language} dir="auto" />
          {item.local_note_html && <div className="local-note" dangerouslySetInnerHTML={{ __html: item.local_note_html }} />}
          {item.amounts.length > 0 && (
            <ul className="small">
              {item.amounts.map((amount) => (
                <li key={amount.key}>
                  {amount.label}:{" "}
                  <strong>{t(`checklists.unit.${UNIT_KEYS[amount.unit] ?? "eur"}`, { amount: formatNumber(amount.value, i18n.language) })}</strong>{" "}
                  <span className="muted">{t("checklists.validFrom", { date: times.date(amount.valid_from) })}</span>
                </li>
              ))}
            </ul>
          )}
          {item.documents_needed.length > 0 && (
            <>
              <h4>{t("checklists.documentsNeeded")}</h4>
              <ul className="small">{item.documents_needed.map((d) => <li key={d}>{d}</li>)}</ul>
            </>
          )}
          {item.waiting_for.length > 0 && !item.retired && (
            <p className="muted small">{t("checklists.waitingFor", { items: item.waiting_for.join(", ") })}</p>
          )}
          <p className="source">
            <a href={item.source_url} target="_blank" rel="noopener noreferrer">{t("checklists.source", { title: item.source_title })}</a>{" "}
            <span className="muted">
              {item.checked_on
                ? t("checklists.checkedOn", { date: times.date(item.checked_on) })
                : t("checklists.notRechecked")}
            </span>
          </p>
          {editable && (
            <>
              <div className="status-buttons" role="group" aria-label={t("checklists.statusLabel")}>
                {STATUSES.map((status) => (
                  <button key={status} type="button" aria-pressed={shownStatus === status} disabled={busy} onClick={() => void setStatus(status)}>
                    {t(`checklists.action.${status}`)}
                  </button>
                ))}
              </div>
              <label htmlFor={`reason-${id}`}>{t("checklists.reason")}</label>
              <input id={`reason-${id}`} value={reason} maxLength={300} onChange={(e) => setReason(e.target.value)} />
              <FieldError id={`reason-${id}-error`} messages={error?.fields.not_applicable_reason} />
              <label htmlFor={`note-${id}`}>{t("checklists.note")}</label>
              <textarea id={`note-${id}`} value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
              <button type="button" className="secondary" disabled={busy} onClick={() => void update({ note })}>{t("checklists.saveNote")}</button>
            </>
          )}
          {!editable && item.note && <p className="small">{t("checklists.note")}: {item.note}</p>}
          {(editable || item.documents.length > 0) && <h4>{t("checklists.documents.title")}</h4>}
          <ul className="documents-list">
            {item.documents.map((document) => (
              <li key={document.id}>
                <a href={`/api/checklist-documents/${document.id}`} download>{document.original_name}</a>
                {editable && (
                  <button type="button" className="secondary" onClick={() => void remove(document.id)}>
                    {t("checklists.documents.remove")}
                  </button>
                )}
              </li>
            ))}
          </ul>
          {editable && (
            <>
              <label htmlFor={`file-${id}`}>{t("checklists.documents.attach")}</label>
              <input id={`file-${id}`} type="file" accept={ACCEPT} disabled={busy} onChange={(e) => void upload(e)} />
              <p className="muted small">{t("checklists.documents.limits")}</p>
            </>
          )}
          <FieldError id={`status-${id}-error`} messages={error?.fields.status ?? error?.fields.file} />
          {error && !Object.keys(error.fields).length && <p className="form-error" role="alert">{error.detail}</p>}
          {notice && <p className="notice" role="status">{notice}</p>}
          {me?.role === "newcomer" && !item.retired && <HelpfulPrompt kind="checklist_item" refId={String(id)} />}
        </div>
      </details>
    </li>
  );
}
