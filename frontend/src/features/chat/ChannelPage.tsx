import { ReadAloudToggle } from "../../components/reading/ReadAloud";
import { useEffect, useState } from "react";
import { useTimes } from "../../i18n/useTimes";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { api, asApiError } from "../../api/client";
import { $api } from "../../api/query";
import { useSession } from "../../app/session";
import { languageName } from "../../i18n/format";
import { usesHelper } from "./ChatPanel";
import { Composer } from "./Composer";
import type { ChatMessage } from "./sync";
import { useChannelSync } from "./useChannelSync";

/** Whether the moment ``until`` (ISO 8601) has passed; re-renders when it does. */
function usePassed(until: string | null | undefined): boolean {
  // The moment that was last seen to pass; a new `until` has not passed until its own timer says so.
  const [passedAt, setPassedAt] = useState<string | null>(null);
  useEffect(() => {
    if (!until) return;
    const left = Math.max(0, Date.parse(until) - Date.now());
    const timer = window.setTimeout(() => setPassedAt(until), left);
    return () => window.clearTimeout(timer);
  }, [until]);
  return Boolean(until) && passedAt === until;
}

function MessageItem({ message, onChanged }: { message: ChatMessage; onChanged: (message: ChatMessage) => void }) {
  const { t, i18n } = useTranslation();
  const times = useTimes();
  const [showOriginal, setShowOriginal] = useState(false);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(message.body ?? "");
  const [error, setError] = useState<string | null>(null);
  const late = usePassed(message.shown.status === "pending" ? message.shown.pending_until : null);
  // A pending translation waits until pending_until; after that the message is shown as written.
  const shown = late ? { ...message.shown, status: "unavailable" as const, reason: t("chat.translationLate") } : message.shown;
  const translated = shown.status === "translated";
  const text = translated && showOriginal ? message.body : shown.text;

  async function save() {
    const { data, error: failure } = await api.PATCH("/api/chat/messages/{id}", {
      params: { path: { id: message.id } },
      body: { body: draft },
    });
    if (data) {
      onChanged(data);
      setEditing(false);
      setError(null);
    } else setError(asApiError(failure, t("errors.network")).detail);
  }

  async function remove() {
    if (!window.confirm(t("chat.deleteConfirm"))) return;
    const { response } = await api.DELETE("/api/chat/messages/{id}", { params: { path: { id: message.id } } });
    if (response.ok) onChanged({ ...message, deleted: true, changed_seq: message.changed_seq + 1 });
    else setError(t("errors.network"));
  }

  return (
    <li className={`chat-message${message.mine ? " mine" : ""}`} data-message-id={message.id}>
      <p className="chat-meta small muted">
        <span>{message.author?.name ?? t("chat.someone")}</span> · <time>{times.time(message.created_at ?? "")}</time>
        {message.edited_at && <> · {t("chat.edited")}</>}
      </p>
      {editing ? (
        <form onSubmit={(event) => { event.preventDefault(); void save(); }}>
          <label htmlFor={`edit-${message.id}`} className="visually-hidden">{t("chat.editLabel")}</label>
          <textarea id={`edit-${message.id}`} dir="auto" value={draft} onChange={(event) => setDraft(event.target.value)} rows={2} />
          <div className="chat-actions">
            <button type="submit" className="secondary">{t("chat.save")}</button>
            <button type="button" className="secondary" onClick={() => setEditing(false)}>{t("chat.cancel")}</button>
          </div>
        </form>
      ) : (
        <p className="chat-text" dir="auto" lang={translated && !showOriginal ? shown.language : message.language}>{text}</p>
      )}
      {translated && (
        <p className="chat-mark small muted">
          {showOriginal
            ? t("chat.originalIn", { language: languageName(message.language, i18n.language) })
            : t("chat.translatedFrom", { language: languageName(shown.translated_from ?? message.language, i18n.language) })}{" "}
          <button type="button" className="text-button" onClick={() => setShowOriginal(!showOriginal)}>
            {showOriginal ? t("chat.showTranslation") : t("chat.showOriginal")}
          </button>
        </p>
      )}
      {translated && shown.demo && (
        <p className="chat-mark small notice" data-demo="true">{shown.notice ?? t("chat.demoPackage")}</p>
      )}
      {shown.status === "pending" && <p className="chat-mark small muted">{t("chat.translating")}</p>}
      {!message.deleted && !editing && text && (
        <ReadAloudToggle
          text={text}
          lang={translated && !showOriginal ? shown.language : message.language}
          source={{ kind: "chat_message", ref: String(message.id) }}
        />
      )}
      {shown.status === "unavailable" && (
        <p className="chat-mark small muted">{t("chat.untranslated", { reason: shown.reason ?? "" })}</p>
      )}
      {message.mine && !editing && (
        <div className="chat-actions">
          <button type="button" className="text-button" onClick={() => { setDraft(message.body ?? ""); setEditing(true); }}>{t("chat.edit")}</button>
          <button type="button" className="text-button" onClick={() => void remove()}>{t("chat.delete")}</button>
        </div>
      )}
      {error && <p className="form-error" role="alert">{error}</p>}
    </li>
  );
}

export function ChannelPage() {
  const id = Number(useParams().id);
  // One screen per channel: another channel starts with nothing shown and its own sync.
  return <ChannelScreen key={id} id={id} />;
}

function ChannelScreen({ id }: { id: number }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const { messages, state, apply } = useChannelSync(id);
  const channel = $api.useQuery("get", "/api/chat/channels/{id}", { params: { path: { id } } }).data ?? null;

  const lastSeq = messages.at(-1)?.seq ?? 0;
  useEffect(() => {
    if (lastSeq && document.visibilityState === "visible") {
      void api.POST("/api/chat/channels/{id}/read", { params: { path: { id } }, body: { seq: lastSeq } });
    }
  }, [id, lastSeq]);

  useEffect(() => {
    document.getElementById("chat-end")?.scrollIntoView({ block: "end" });
  }, [messages.length]);

  if (state === "gone") {
    return (
      <section className="card">
        <p className="form-error" role="alert">{t("chat.gone")}</p>
        <Link to="/chat">{t("chat.backToChannels")}</Link>
      </section>
    );
  }
  const helper = usesHelper(me?.role);
  return (
    <section className="card chat" aria-labelledby="channel-title">
      <p className="small"><Link to="/chat">{t("chat.backToChannels")}</Link></p>
      <h1 id="channel-title">{channel?.title ?? t("chat.title")}</h1>
      {state === "loading" && <p className="status" role="status">{t("common.loading")}</p>}
      {state === "offline" && <p className="status" role="status">{t("chat.offline")}</p>}
      {state !== "loading" && messages.length === 0 && <p className="empty">{t("chat.noMessages")}</p>}
      <ol className="chat-messages" aria-live="polite">
        {messages.map((message) => (
          <MessageItem key={message.id} message={message} onChanged={(changed) => apply([changed])} />
        ))}
      </ol>
      <div id="chat-end" />
      <Composer channel={channel} withHelper={helper} onSent={(message) => apply([message])} />
    </section>
  );
}
