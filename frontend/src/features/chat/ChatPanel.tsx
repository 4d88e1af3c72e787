import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { api, asApiError } from "../../api/client";
import { $api } from "../../api/query";
import { QueryStatus } from "../../components/QueryStatus";
import { useSession } from "../../app/session";
import { formatNumber, languageName } from "../../i18n/format";

const REFRESH_MS = 15000;
const HELPER_ROLES = ["team_lead", "hr", "admin"];
export const usesHelper = (role?: string) => Boolean(role && HELPER_ROLES.includes(role));
export const CHAT_LANGUAGES = ["nl", "en", "pl", "ro", "uk", "bg", "lt", "hu", "pt", "es", "tr", "ar", "hi", "ti"];

/** The person's channels with unread counts, refreshed every 15 seconds. */
export function ChatPanel({ showMore = false }: { showMore?: boolean }) {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const query = $api.useQuery("get", "/api/chat/channels", {}, { refetchInterval: REFRESH_MS });
  const channels = query.data?.results;

  return (
    <section className="card" aria-labelledby="chat-panel-title">
      <h2 id="chat-panel-title">{t("chat.channels")}</h2>
      <QueryStatus query={query} />
      {channels?.length === 0 && <p className="empty">{t("chat.noChannels")}</p>}
      <ul className="chat-channels">
        {channels?.map((channel) => (
          <li key={channel.id}>
            <Link to={`/chat/${channel.id}`} className="chat-channel-link">
              <span>{channel.title}</span>
              {channel.unread > 0 && (
                <span className="badge" aria-label={t("chat.unread", { count: channel.unread })}>
                  {formatNumber(channel.unread, i18n.language)}
                </span>
              )}
            </Link>
          </li>
        ))}
      </ul>
      {showMore && <p><Link to="/chat">{t("chat.more")}</Link></p>}
      {usesHelper(me?.role) && (
        <p><Link to="/chat/helper">{t("helper.openTranslatePage")}</Link></p>
      )}
    </section>
  );
}

/** Buttons to open a direct conversation with a buddy, team lead or HR (or, for them, a newcomer). */
export function DirectPartners() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const partners = $api.useQuery("get", "/api/chat/direct/partners").data?.results ?? [];
  const [failed, setFailed] = useState(false);
  async function open(id: number) {
    const { data } = await api.POST("/api/chat/direct", { body: { user: id } });
    if (data) navigate(`/chat/${data.id}`);
    else setFailed(true);
  }
  if (partners.length === 0) return null;
  return (
    <section className="card" aria-labelledby="direct-title">
      <h2 id="direct-title">{t("chat.startDirect")}</h2>
      {failed && <p className="form-error" role="alert">{t("errors.network")}</p>}
      <div className="chat-actions">
        {partners.map((person) => (
          <button key={person.id} type="button" className="secondary" onClick={() => void open(person.id)}>
            {person.name} <span className="badge">{t(`roles.${person.role}`)}</span>
          </button>
        ))}
      </div>
    </section>
  );
}

/** The language the person reads the chat in; says so when no language package translates into it. */
export function ReadingLanguage() {
  const { t, i18n } = useTranslation();
  const reading = $api.useQuery("get", "/api/chat/reading-language").data ?? null;
  const client = useQueryClient();
  const [saved, setSaved] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  async function change(code: string) {
    setSaved(false);
    setProblem(null);
    try {
      const { data, error } = await api.PUT("/api/chat/reading-language", { body: { language: code } });
      if (data) {
        client.setQueryData($api.queryOptions("get", "/api/chat/reading-language").queryKey, data);
        // Messages are shown in the reading language: the channels are read again.
        void client.invalidateQueries({ predicate: (query) => String(query.queryKey[1]).startsWith("/api/chat/channels") });
        setSaved(true);
      } else {
        const failure = asApiError(error, t("errors.network"));
        setProblem(failure.fields.language?.[0] ?? failure.detail);
      }
    } catch {
      setProblem(t("errors.network"));
    }
  }
  if (!reading) return null;
  const language = reading.language;
  const options = CHAT_LANGUAGES.includes(language) ? CHAT_LANGUAGES : [language, ...CHAT_LANGUAGES];
  return (
    <section className="card">
      <label htmlFor="reading-language">{t("chat.readingLanguage")}</label>
      <select
        id="reading-language"
        value={language}
        aria-describedby={reading.translatable ? undefined : "reading-language-untranslatable"}
        onChange={(event) => void change(event.target.value)}
      >
        {options.map((code) => (
          <option key={code} value={code}>{languageName(code, i18n.language)}</option>
        ))}
      </select>
      {problem && <p className="form-error" role="alert">{problem}</p>}
      {saved && (
        <p className="notice small" role="status">
          {t(reading.translatable ? "chat.readingLanguageSaved" : "chat.readingLanguageSavedAsWritten")}
        </p>
      )}
      {!reading.translatable && (
        <p id="reading-language-untranslatable" className="notice small">
          {t("chat.readingLanguageUntranslatable", { language: languageName(language, i18n.language) })}
        </p>
      )}
    </section>
  );
}

export function ChatPage() {
  const { t } = useTranslation();
  return (
    <div className="stack">
      <h1>{t("chat.title")}</h1>
      <ChatPanel />
      <DirectPartners />
      <ReadingLanguage />
    </div>
  );
}
