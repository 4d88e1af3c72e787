import { useEffect, useRef } from "react";
import { onOutbox, type OutboxEntry } from "./outbox";

export type Settled = { entry: OutboxEntry; state: "sent"; data: unknown } | { entry: OutboxEntry; state: "refused" };

/** Tell a screen when a queued action for `url` (or below it, or with a query) reached the server or was refused, so
 *  a screen that showed "Waiting to send" shows the saved state — or drops it when refused (the
 *  banner says why). */
export function useOutboxSettled(url: string, settled: (outcome: Settled) => void): void {
  const latest = useRef(settled);
  useEffect(() => {
    latest.current = settled;
  });
  useEffect(() => {
    // Only actions that had to wait: the screen handles an answer that came straight back itself.
    const mine = (entry: OutboxEntry) => entry.waited && (entry.url === url || entry.url.startsWith(`${url}/`) || entry.url.startsWith(`${url}?`));
    const offs = [
      onOutbox("sent", (entry, data) => mine(entry) && latest.current({ entry, state: "sent", data })),
      onOutbox("refused", ({ entry }) => mine(entry) && latest.current({ entry, state: "refused" })),
    ];
    return () => offs.forEach((off) => off());
  }, [url]);
}
