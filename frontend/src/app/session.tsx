import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { api, type Me } from "../api/client";
import { queryClient } from "../api/query";
import { applyLanguage, pickLanguage } from "../i18n";
import { clearSavedAnswers } from "../offline/caches";
import { clearOutbox } from "../offline/outbox";

interface SessionState {
  me: Me | null;
  loading: boolean;
  setMe: (me: Me | null) => void;
  refresh: () => Promise<void>;
  logout: () => Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);
const LAST_USER_KEY = "welkom.lastUser";

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMeState] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);

  const setMe = useCallback((value: Me | null) => {
    setMeState(value);
    if (value) {
      applyLanguage(pickLanguage(value.language));
      // Someone else used this device before (and their session ran out): forget their saved answers.
      const last = localStorage.getItem(LAST_USER_KEY);
      if (last && last !== String(value.id)) void clearSavedAnswers();
      localStorage.setItem(LAST_USER_KEY, String(value.id));
    }
  }, []);

  const refresh = useCallback(async () => {
    const { data } = await api.GET("/api/me");
    setMe(data ?? null);
    setLoading(false);
  }, [setMe]);

  const logout = useCallback(async () => {
    await api.POST("/api/auth/logout");
    setMeState(null);
    // Whatever this person saw or queued on this device must not be there for the next one.
    queryClient.clear();
    await Promise.allSettled([clearSavedAnswers(), clearOutbox()]);
  }, []);

  // Who is logged in, asked once on start (the session, not a screen's read: login and logout set it).
  useEffect(() => {
    let live = true;
    api.GET("/api/me").then(
      ({ data }) => {
        if (!live) return;
        setMe(data ?? null);
        setLoading(false);
      },
      () => live && setLoading(false),
    );
    return () => {
      live = false;
    };
  }, [setMe]);

  const value = useMemo(() => ({ me, loading, setMe, refresh, logout }), [me, loading, setMe, refresh, logout]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The signed-in person's profile time zone, or null (also outside a SessionProvider, e.g. a component test). */
export function useProfileTimeZone(): string | null {
  return useContext(SessionContext)?.me?.time_zone ?? null;
}

export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside SessionProvider");
  return value;
}
