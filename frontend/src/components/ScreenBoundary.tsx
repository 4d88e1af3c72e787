import { Component, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useLocation } from "react-router";
import { useConnectivity } from "../offline/connectivity";

/** A screen's code that could not be downloaded (offline, or an old version replaced on the server). */
export function isChunkLoadError(error: unknown): boolean {
  const message = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  return /dynamically imported module|Importing a module script failed|error loading dynamically|ChunkLoadError|Failed to fetch/i.test(
    message,
  );
}

function ScreenFailed({ chunk, retry }: { chunk: boolean; retry: () => void }) {
  const { t } = useTranslation();
  const { online } = useConnectivity();
  const offline = chunk && (!online || !navigator.onLine);
  return (
    <section className="card" role="alert" aria-labelledby="screen-failed-title">
      <h1 id="screen-failed-title">{offline ? t("shell.failed.offlineTitle") : t("shell.failed.title")}</h1>
      <p>{offline ? t("shell.failed.offlineBody") : t("shell.failed.body")}</p>
      <button type="button" className="primary" onClick={retry}>{t("shell.failed.retry")}</button>
    </section>
  );
}

interface State {
  error: unknown;
}

class Boundary extends Component<{ children: ReactNode }, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error };
  }

  render() {
    const { error } = this.state;
    if (error === null) return this.props.children;
    // A lazily loaded screen remembers its failed download: only a fresh page load asks again.
    return <ScreenFailed chunk={isChunkLoadError(error)} retry={() => window.location.reload()} />;
  }
}

/** Around the screens: a screen that fails shows what happened and a retry, never a blank page.
 *  Another address starts afresh. */
export function ScreenBoundary({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  return <Boundary key={pathname}>{children}</Boundary>;
}
