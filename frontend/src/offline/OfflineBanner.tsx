import { useTranslation } from "react-i18next";
import { formatDateTime } from "../i18n/format";
import { useConnectivity } from "./connectivity";
import { useOutbox } from "./OutboxProvider";

/** Says plainly when the app is offline, what waits to be sent, and what happened to it. */
export function OfflineBanner() {
  const { t, i18n } = useTranslation();
  const { online, savedCopyAt } = useConnectivity();
  const { pending, sent, refusals, dismiss } = useOutbox();

  return (
    <div className="offline-area">
      <div aria-live="polite">
        {!online && (
          <div className="banner banner-offline">
            <p><strong>{t("offline.title")}</strong> {t("offline.body")}</p>
            {savedCopyAt && <p className="small">{t("offline.savedCopy", { date: formatDateTime(savedCopyAt, i18n.language) })}</p>}
          </div>
        )}
        {pending > 0 && (
          <div className="banner banner-pending">
            <p>{t("offline.pending", { count: pending })}</p>
            <p className="small">{t("offline.rule")}</p>
          </div>
        )}
        {sent > 0 && pending === 0 && refusals.length === 0 && (
          <div className="banner banner-done">
            <p>{t("offline.sent", { count: sent })}</p>
            <button type="button" className="link-button dark" onClick={dismiss}>{t("offline.dismiss")}</button>
          </div>
        )}
      </div>
      {refusals.length > 0 && (
        <div className="banner banner-refused" role="alert">
          <ul>
            {refusals.map(({ entry, error }) => (
              <li key={entry.key}>
                {t("offline.refused", { what: t(entry.label, entry.labelValues), reason: error.detail })}
              </li>
            ))}
          </ul>
          <button type="button" className="link-button dark" onClick={dismiss}>{t("offline.dismiss")}</button>
        </div>
      )}
    </div>
  );
}
