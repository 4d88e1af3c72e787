import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import type { Me } from "../api/client";
import { useSession } from "../app/session";
import { useConnectivity } from "./connectivity";
import { onOutbox, pendingFor, perform, replay, type OfflineAction, type PerformResult, type Refusal } from "./outbox";

interface OutboxState {
  /** Actions waiting on this device for the logged-in person. */
  pending: number;
  /** Actions made offline that reached the server since the last notice was closed. */
  sent: number;
  refusals: Refusal[];
  dismiss: () => void;
  /** Do a write now, or queue it when offline (see outbox.ts). */
  perform: (action: OfflineAction) => Promise<PerformResult>;
}

const OutboxContext = createContext<OutboxState | null>(null);
const RETRY_MS = 20_000;

export function OutboxProvider({ children }: { children: ReactNode }) {
  const { me, setMe } = useSession();
  const { online } = useConnectivity();
  const [pending, setPending] = useState(0);
  const [sent, setSent] = useState(0);
  const [refusals, setRefusals] = useState<Refusal[]>([]);
  const userId = me?.id;

  const count = useCallback(async () => {
    setPending(userId ? (await pendingFor(userId)).length : 0);
  }, [userId]);

  useEffect(() => {
    const offs = [
      onOutbox("changed", () => void count()),
      onOutbox("sent", (entry, data) => {
        if (entry.waited) setSent((value) => value + 1);
        if (entry.url === "/api/me" && data && typeof data === "object") setMe(data as Me);
      }),
      // A refusal of an action that went straight through is shown by the screen that made it.
      onOutbox("refused", (refusal) => refusal.entry.waited && setRefusals((list) => [...list, refusal])),
    ];
    // What already waits (read from IndexedDB; the count is set when the answer comes).
    const first = userId ? pendingFor(userId).then((entries) => entries.length) : Promise.resolve(0);
    void first.then(setPending);
    return () => offs.forEach((off) => off());
  }, [count, setMe, userId]);

  // Send what waits whenever we are (back) online, and keep trying while something waits.
  useEffect(() => {
    if (!userId || !online) return;
    void replay(userId).then(setPending);
    const timer = window.setInterval(() => void replay(userId).then(setPending), RETRY_MS);
    return () => window.clearInterval(timer);
  }, [userId, online]);

  const value = useMemo<OutboxState>(
    () => ({
      pending,
      sent,
      refusals,
      dismiss: () => {
        setSent(0);
        setRefusals([]);
      },
      perform: (action) => {
        if (!userId) return Promise.reject(new Error("Log in first"));
        return perform(userId, action as OfflineAction<"post">);
      },
    }),
    [pending, sent, refusals, userId],
  );
  return <OutboxContext.Provider value={value}>{children}</OutboxContext.Provider>;
}

export function useOutbox(): OutboxState {
  const value = useContext(OutboxContext);
  if (!value) throw new Error("useOutbox outside OutboxProvider");
  return value;
}
