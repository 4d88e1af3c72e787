import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, asApiError, type Schemas } from "../../api/client";
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
    setBusy(true);
    const { data, error: failure } = await api.POST("/api/chat/channels/{id}/messages", {
      params: { path: { id: channel.id } },
      body: {
        body,
        mentions: mentionedIds(body, channel.members),
        ...(preview ? { language: preview.source } : {}),
        ...(Object.keys(corrections).length ? { corrections } : {}),
      },
    });
    setBusy(false);
    if (data) {
      onSent(data);
      edit("");
      setError(null);
    } else setError(asApiError(failure, t("errors.network")).detail);
  }

  return (
    <form className="chat-composer" onSubmit={(event) => { event.preventDefault(); void send(); }}>
      <label htmlFor="chat-body">{t("chat.write")}</label>
      <textarea id="chat-body" dir="auto" rows={3} value={body} onChange={(event) => edit(event.target.value)} />
      {error && <p className="form-error" role="alert">{error}</p>}
      <div className="chat-actions">
        {withHelper && (
          <button type="button" className="secondary" disabled={busy || !body.trim()} onClick={() => void check()}>
            {t("helper.check")}
          </button>
        )}
        <button type="submit" className="primary" disabled={busy || !body.trim() || !channel}>{t("chat.send")}</button>
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
    </form>
  );
}
