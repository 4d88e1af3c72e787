import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, asApiError, type Schemas } from "../../api/client";
import { useSession } from "../../app/session";
import { pendingFor, type OutboxEntry } from "../../offline/outbox";
import { useOutbox } from "../../offline/OutboxProvider";
import { useOutboxSettled } from "../../offline/useOutboxSettled";
import { HelperPreview, type Corrections } from "./HelperPreview";
import { mentionedIds, type ChatMessage } from "./sync";

export function Composer({
  channel,
  withHelper,
  onSent,
}: {
  channel: Schemas["ChannelDetail"] | null;
  withHelper: boolean;
  onSent: (message: ChatMessage) => void;
}) {
  const { t } = useTranslation();
  const [body, setBody] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<Schemas["Preview"] | null>(null);
  const [corrections, setCorrections] = useState<Corrections>({});
  const { me } = useSession();
  const { perform } = useOutbox();
  // Messages written offline wait in the outbox (also across a reload) and are shown as waiting.
  const [waiting, setWaiting] = useState<OutboxEntry[]>([]);
  const url = channel ? `/api/chat/channels/${channel.id}/messages` : "";
  useEffect(() => {
    if (!me || !url) return;
    let current = true;
    void pendingFor(me.id).then((entries) => current && setWaiting(entries.filter((entry) => entry.url === url)));
    return () => {
      current = false;
    };
  }, [me, url]);
  useOutboxSettled(url || "/api/chat/channels/none", (outcome) => {
    setWaiting((entries) => entries.filter((entry) => entry.key !== outcome.entry.key));
    if (outcome.state === "sent") onSent(outcome.data as ChatMessage); // refused: the banner says why
  });

  function edit(text: string) {
    setBody(text);
    setPreview(null);
    setCorrections({});
  }

  async function check() {
    if (!channel) return;
    setBusy(true);
    const { data, error: failure } = await api.POST("/api/chat/helper/preview", {
      body: { text: body, channel: channel.id },
    });
    setBusy(false);
    if (data) {
      setPreview(data);
      setError(null);
    } else setError(asApiError(failure, t("errors.network")).detail);
  }

  async function send() {
    if (!channel || !body.trim()) return;
    const sent = body;
    setBusy(true);
    // Through the outbox: offline the message waits on the phone and is sent once, in order, on reconnect.
    const result = await perform({
      method: "post",
      path: "/api/chat/channels/{id}/messages",
      params: { id: channel.id },
      body: {
        body,
        mentions: mentionedIds(body, channel.members),
        ...(preview ? { language: preview.source } : {}),
        ...(Object.keys(corrections).length ? { corrections } : {}),
      },
      kind: "chatMessage",
      labelValues: { text: body.length > 40 ? `${body.slice(0, 40)}…` : body },
      screen: `/chat/${channel.id}`,
    });
    setBusy(false);
    if (result.state === "refused") {
      setError(asApiError(result.error, t("errors.network")).detail);
      return;
    }
    if (result.state === "sent") onSent(result.data as ChatMessage);
    else setWaiting((entries) => [...entries, result.entry]);
    // Empty the field only if it still holds what was sent: words typed meanwhile stay.
    setBody((current) => (current === sent ? "" : current));
    setPreview(null);
    setCorrections({});
    setError(null);
  }

  return (
    <form className="chat-composer" onSubmit={(event) => { event.preventDefault(); void send(); }}>
      {waiting.length > 0 && (
        <ol className="chat-messages chat-waiting" aria-label={t("chat.waitingList")}>
          {waiting.map((entry) => (
            <li key={entry.key} className="chat-message mine" data-state="waiting">
              <p className="chat-text" dir="auto">{(entry.body as { body: string }).body}</p>
              <p className="chat-mark small"><span className="badge status-queued">{t("offline.waiting")}</span></p>
            </li>
          ))}
        </ol>
      )}
      <label htmlFor="chat-body">{t("chat.write")}</label>
      <textarea id="chat-body" dir="auto" rows={3} value={body} onChange={(event) => edit(event.target.value)} />
      {error && <p className="form-error" role="alert">{error}</p>}
      <div className="chat-actions">
        {withHelper && (
          <button type="button" className="secondary" disabled={busy || !body.trim() || !channel} onClick={() => void check()}>
            {t("helper.check")}
          </button>
        )}
        {!preview && (
          <button type="submit" className="primary" disabled={busy || !body.trim() || !channel}>{t("chat.send")}</button>
        )}
      </div>
      {preview && (
        <HelperPreview
          preview={preview}
          corrections={corrections}
          onCorrect={(language, text) =>
            setCorrections((current) => {
              const next = { ...current };
              if (text === null) delete next[language];
              else next[language] = text;
              return next;
            })
          }
        />
      )}
      {preview && (
        // Send sits below the preview it sends (with the corrections made in it).
        <div className="chat-actions chat-send-below">
          <button type="submit" className="primary" disabled={busy || !body.trim() || !channel}>{t("chat.send")}</button>
        </div>
      )}
    </form>
  );
}
