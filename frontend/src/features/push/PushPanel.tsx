import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, asApiError, type ApiErrorBody } from "../../api/client";
import { $api } from "../../api/query";
import { LoadError } from "../../components/LoadError";
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
  const canPush = supported();
  const config = $api.useQuery("get", "/api/push/config", {}, { enabled: canPush });
  const enabled = config.data?.enabled ?? false;
  const publicKey = config.data?.public_key ?? "";
  // Whether this device already has a subscription (asked once push is on for the organisation).
  const [subscribed, setSubscribed] = useState<boolean | null>(null);
  useEffect(() => {
    if (!enabled || Notification.permission === "denied") return;
    let live = true;
    void navigator.serviceWorker
      .getRegistration("/")
      .then((registration) => registration?.pushManager.getSubscription())
      .then((existing) => live && setSubscribed(Boolean(existing)));
    return () => {
      live = false;
    };
  }, [enabled]);
  // What the person's own action on this device led to; until then what was read decides.
  const [acted, setState] = useState<State | null>(null);
  const read: State = !canPush ? "unsupported"
    : config.isError ? "error"
    : config.isPending ? "loading"
    : !enabled ? "disabled"
    : Notification.permission === "denied" ? "denied"
    : subscribed === null ? "loading"
    : subscribed ? "on" : "off";
  const state = acted ?? read;
  // The server's reason when it refuses this device (e.g. it already notifies another account).
  const [refused, setRefused] = useState<ApiErrorBody | null>(null);

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
      {state === "error" && <LoadError />}
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
