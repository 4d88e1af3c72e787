import { useTranslation } from "react-i18next";
import { useTimes } from "../../i18n/useTimes";
import { Link } from "react-router";
import type { Schemas } from "../../api/client";
import { LoadError } from "../../components/LoadError";
import { Loading } from "../../components/Status";
import { ReadAloudToggle } from "../../components/reading/ReadAloud";
import { useMarkAllRead, useMarkRead, useNotifications } from "./queries";

type Notice = Schemas["Notification"];

/** A link inside the app, or nothing (a notification never sends the reader off-site). */
export function appLink(link: string | undefined): string | null {
  return link && link.startsWith("/") && !link.startsWith("//") ? link : null;
}

function NoticeItem({ notice }: { notice: Notice }) {
  const { t, i18n } = useTranslation();
  const times = useTimes();
  const markRead = useMarkRead();
  const unread = !notice.read_at;
  const read = () => {
    if (unread) markRead.mutate({ params: { path: { id: notice.id } } });
  };
  const to = appLink(notice.link);
  const text = (
    <>
      <strong>{notice.title}</strong>
      {unread && <span className="badge unread-dot">{t("shell.notifications.new")}</span>}
      {notice.body && <span className="notice-body">{notice.body}</span>}
      <span className="muted small">{notice.created_at && times.dateTime(notice.created_at)}</span>
    </>
  );
  return (
    <li className="notice-item" data-unread={unread || undefined}>
      {to ? (
        <Link to={to} className="notice-link" onClick={read}>{text}</Link>
      ) : (
        <div className="notice-link">
          {text}
          {unread && (
            <button type="button" className="text-button" onClick={read}>{t("shell.notifications.markRead")}</button>
          )}
        </div>
      )}
      <ReadAloudToggle
        text={[notice.title, notice.body].filter(Boolean).join(". ")}
        lang={i18n.language}
        source={{ kind: "notification", ref: String(notice.id) }}
      />
    </li>
  );
}

/** The reader's notifications, newest first: tap one to open what it is about (it is then read). */
export function NotificationList({ limit }: { limit?: number }) {
  const { t } = useTranslation();
  const { data, isPending, isError } = useNotifications();
  const markAll = useMarkAllRead();
  if (isError) return <LoadError />;
  if (isPending) return <Loading />;
  const rows = limit ? data.results.slice(0, limit) : data.results;
  if (rows.length === 0) return <p className="empty">{t("shell.notifications.empty")}</p>;
  const anyUnread = data.results.some((row) => !row.read_at);
  return (
    <>
      {anyUnread && (
        <button type="button" className="secondary" disabled={markAll.isPending} onClick={() => markAll.mutate({})}>
          {t("shell.notifications.markAll")}
        </button>
      )}
      <ul className="notice-list">{rows.map((row) => <NoticeItem key={row.id} notice={row} />)}</ul>
    </>
  );
}

/** Home: the latest few, with a link to all of them. */
export function NotificationsPanel() {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="inbox-title">
      <h2 id="inbox-title">{t("journeys.inbox.title")}</h2>
      <NotificationList limit={5} />
      <p><Link to="/notifications">{t("shell.notifications.all")}</Link></p>
    </section>
  );
}

export function NotificationsPage() {
  const { t } = useTranslation();
  return (
    <div className="stack">
      <h1>{t("shell.nav.notifications")}</h1>
      <section className="card" aria-label={t("shell.nav.notifications")}>
        <NotificationList />
      </section>
    </div>
  );
}
