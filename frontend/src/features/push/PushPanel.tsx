import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, asApiError, type ApiErrorBody } from "../../api/client";
import { ErrorText } from "../../components/Status";

type State = "loading" | "unsupported" | "disabled" | "denied" | "off" | "on" | "error";

function supported(): boolean {
  return "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = (base64url + "=".repeat((4 - (base64url.length % 4)) % 4)).replace(/-/g, "+").replace(/_/g, "/");
  const raw = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

/** Notifications on this device: the subscription is stored per device (welkom.push). */
export function PushPanel() {
  const { t } = useTranslation();
  const [state, setState] = useState<State>("loading");
  const [publicKey, setPublicKey] = useState("");
  // The server's reason when it refuses this device (e.g. it already notifies another account).
  const [refused, setRefused] = useState<ApiErrorBody | null>(null);

  useEffect(() => {
    if (!supported()) return setState("unsupported");
    api.GET("/api/push/config").then(
      async ({ data }) => {
        if (!data?.enabled) return setState("disabled");
        setPublicKey(data.public_key);
        if (Notification.permission === "denied") return setState("denied");
        const registration = await navigator.serviceWorker.getRegistration("/");
        const existing = await registration?.pushManager.getSubscription();
        setState(existing ? "on" : "off");
      },
      () => setState("error"),
    );
  }, []);

  async function turnOn() {
    try {
      const registration = await navigator.serviceWorker.ready;
      const subscription = await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: keyBytes(publicKey),
      });
      const json = subscription.toJSON();
      const { error } = await api.POST("/api/push/subscriptions", {
        body: {
          endpoint: json.endpoint!,
          keys: { p256dh: json.keys!.p256dh, auth: json.keys!.auth },
          user_agent: navigator.userAgent.slice(0, 300),
        },
      });
      setRefused(error ? asApiError(error, t("errors.load")) : null);
      setState(error ? "off" : "on");
    } catch {
      setState(Notification.permission === "denied" ? "denied" : "error");
    }
  }

  async function turnOff() {
    const registration = await navigator.serviceWorker.getRegistration("/");
    const subscription = await registration?.pushManager.getSubscription();
    if (subscription) {
      await api.POST("/api/push/unsubscribe", { body: { endpoint: subscription.endpoint } });
      await subscription.unsubscribe();
    }
    setState("off");
  }

  if (state === "disabled" || state === "loading") return null;
  return (
    <section className="card" aria-labelledby="push-title">
      <h2 id="push-title">{t("push.title")}</h2>
      <p className="muted">{t("push.intro")}</p>
      {state === "unsupported" && <p className="empty">{t("push.unsupported")}</p>}
      {state === "denied" && <p className="empty">{t("push.denied")}</p>}
      {state === "error" && <p className="form-error" role="alert">{t("errors.load")}</p>}
      {state === "on" && (
        <>
          <p className="notice">{t("push.on")}</p>
          <button type="button" className="secondary" onClick={() => void turnOff()}>{t("push.disable")}</button>
        </>
      )}
      <ErrorText error={refused} />
      {state === "off" && (
        <button type="button" className="primary" onClick={() => void turnOn()}>{t("push.enable")}</button>
      )}
    </section>
  );
}
