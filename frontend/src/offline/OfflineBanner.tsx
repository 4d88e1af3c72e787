import type { TFunction } from "i18next";
import { useTimes } from "../i18n/useTimes";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useConnectivity } from "./connectivity";
import type { Refusal } from "./outbox";
import { useOutbox } from "./OutboxProvider";

/** What happened to a refused action and what to do now, in the person's language: per kind of action
 *  and reason (outbox.outcome.<kind>.<reason>), else in general; "invalid" quotes the server's reason. */
export function refusalText(t: TFunction, { entry, error, reason }: Refusal): string {
  const keys = [`outbox.outcome.default.${reason}`];
  if (entry.kind) keys.unshift(`outbox.outcome.${entry.kind}.${reason}`);
  return t(keys, { reason: error.detail });
}

/** Says plainly when the app is offline, what waits to be sent, and what happened to it. */
export function OfflineBanner() {
  const { t } = useTranslation();
  const times = useTimes();
  const { online, savedCopyAt } = useConnectivity();
  const { pending, sent, refusals, dismiss } = useOutbox();

  return (
    <div className="offline-area">
      <div aria-live="polite">
        {!online && (
          <div className="banner banner-offline">
            <p><strong>{t("offline.title")}</strong> {t("offline.body")}</p>
            {savedCopyAt && <p className="small">{t("offline.savedCopy", { date: times.dateTime(savedCopyAt) })}</p>}
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
            {refusals.map((refusal) => (
              <li key={refusal.entry.key}>
                <strong>{t("offline.notSaved", { what: t(refusal.entry.label, refusal.entry.labelValues) })}</strong>{" "}
                {refusalText(t, refusal)}
                {refusal.entry.screen && (
                  <>
                    {" "}
                    <Link to={refusal.entry.screen} onClick={dismiss}>{t("offline.open")}</Link>
                  </>
                )}
              </li>
            ))}
          </ul>
          <button type="button" className="link-button dark" onClick={dismiss}>{t("offline.dismiss")}</button>
        </div>
      )}
    </div>
  );
}
