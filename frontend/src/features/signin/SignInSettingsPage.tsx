import "../../components/settings.css";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, asApiError, type ApiErrorBody, type Schemas } from "../../api/client";
import { FieldError } from "../../components/FieldError";
import { QueryStatus } from "../../components/QueryStatus";
import { $api } from "../../api/query";
import { useQueryClient } from "@tanstack/react-query";
import { RoleGate } from "../settings";
import { SIGN_IN_SETTINGS_ROLES } from "../settings";

type Settings = Schemas["ProviderSettings"];
type Provider = Schemas["Provider"];

interface Draft {
  name: string;
  issuer: string;
  client_id: string;
  client_secret: string;
  domains: string;
  password_login_allowed: boolean;
  accepted_amr: string;
  accepted_acr: string;
  groups_claim: string;
  role_mapping: string;
  session_minutes: string;
}

const EMPTY: Draft = {
  name: "", issuer: "", client_id: "", client_secret: "", domains: "", password_login_allowed: true,
  accepted_amr: "", accepted_acr: "", groups_claim: "groups", role_mapping: "", session_minutes: "480",
};

/** "a, b c" → ["a", "b", "c"] */
export function words(text: string): string[] {
  return text.split(/[\s,]+/).map((word) => word.trim()).filter(Boolean);
}

/** One "group = role" per line → {group: role}. */
export function mapping(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const [group, role] = line.split("=").map((part) => part.trim());
    if (group) result[group] = role ?? "";
  }
  return result;
}

function draftOf(provider: Provider): Draft {
  return {
    name: provider.name,
    issuer: provider.issuer,
    client_id: provider.client_id,
    client_secret: "",
    domains: provider.domains.join(", "),
    password_login_allowed: provider.password_login_allowed,
    accepted_amr: provider.accepted_amr.join(", "),
    accepted_acr: provider.accepted_acr.join(", "),
    groups_claim: provider.groups_claim,
    role_mapping: Object.entries(provider.role_mapping).map(([group, role]) => `${group} = ${role}`).join("\n"),
    session_minutes: String(provider.session_minutes),
  };
}

function Field(props: {
  name: keyof Draft; label: string; hint?: string; error: ApiErrorBody | null; children: React.ReactNode;
}) {
  const messages = props.error?.fields[props.name];
  return (
    <div className="field">
      <label htmlFor={`sso-${props.name}`}>{props.label}</label>
      {props.children}
      {props.hint && <p id={`sso-${props.name}-hint`} className="muted">{props.hint}</p>}
      <FieldError id={`sso-${props.name}-error`} messages={messages} />
    </div>
  );
}

function SignInSettings() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const query = $api.useQuery("get", "/api/sso/provider");
  const settings: Settings | null = query.data ?? null;
  // What the admin typed; until then the form shows what is stored.
  const [edited, setDraft] = useState<Draft | null>(null);
  const draft = edited ?? (settings?.provider ? draftOf(settings.provider) : EMPTY);
  const [error, setError] = useState<ApiErrorBody | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState(false);

  function show(data: Settings) {
    client.setQueryData($api.queryOptions("get", "/api/sso/provider").queryKey, data);
    setDraft(null);
  }

  if (!settings) return <QueryStatus query={query} />;
  const stored = settings.provider?.has_client_secret ?? false;
  const set = (name: keyof Draft) => (event: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
    setDraft({ ...draft, [name]: event.target.value });

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const { data, error: body } = await api.PUT("/api/sso/provider", {
        body: {
          name: draft.name,
          issuer: draft.issuer.trim(),
          client_id: draft.client_id,
          client_secret: draft.client_secret,
          domains: words(draft.domains),
          password_login_allowed: draft.password_login_allowed,
          accepted_amr: words(draft.accepted_amr),
          accepted_acr: words(draft.accepted_acr),
          groups_claim: draft.groups_claim,
          role_mapping: mapping(draft.role_mapping),
          session_minutes: Number(draft.session_minutes),
        },
      });
      if (data) {
        show(data);
        setSaved(true);
      } else {
        setError(asApiError(body, t("errors.network")));
      }
    } catch {
      setError(asApiError(null, t("errors.network")));
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    setBusy(true);
    const { error: body } = await api.DELETE("/api/sso/provider");
    if (body) setError(asApiError(body, t("errors.network")));
    else {
      show({ ...settings!, provider: null });
      setConfirmRemove(false);
    }
    setBusy(false);
  }

  return (
    <section className="card" aria-labelledby="sso-title">
      <h1 id="sso-title">{t("settings.signIn.title")}</h1>
      <p className="muted">{t("settings.signIn.intro")}</p>
      <dl className="sso-addresses">
        <dt>{t("settings.signIn.redirectUri")}</dt>
        <dd><code data-testid="sso-redirect-uri">{settings.redirect_uri}</code></dd>
        <dt>{t("settings.signIn.logoutUri")}</dt>
        <dd><code>{settings.backchannel_logout_uri}</code></dd>
        <dt>{t("settings.signIn.frontchannelUri")}</dt>
        <dd><code data-testid="sso-frontchannel-uri">{settings.frontchannel_logout_uri}</code></dd>
      </dl>
      <form onSubmit={save} noValidate>
        <Field name="name" label={t("settings.signIn.name")} hint={t("settings.signIn.nameHint")} error={error}>
          <input id="sso-name" value={draft.name} onChange={set("name")} required maxLength={80} />
        </Field>
        <Field name="issuer" label={t("settings.signIn.issuer")} hint={t("settings.signIn.issuerHint")} error={error}>
          <input id="sso-issuer" type="url" value={draft.issuer} onChange={set("issuer")} required />
        </Field>
        <Field name="client_id" label={t("settings.signIn.clientId")} error={error}>
          <input id="sso-client_id" value={draft.client_id} onChange={set("client_id")} required autoComplete="off" />
        </Field>
        <Field name="client_secret" label={t("settings.signIn.clientSecret")} error={error}
          hint={stored ? t("settings.signIn.secretStored") : t("settings.signIn.secretNew")}>
          <input id="sso-client_secret" type="password" value={draft.client_secret} onChange={set("client_secret")}
            autoComplete="new-password" />
        </Field>
        <Field name="domains" label={t("settings.signIn.domains")} hint={t("settings.signIn.domainsHint")} error={error}>
          <input id="sso-domains" value={draft.domains} onChange={set("domains")} required />
        </Field>
        <div className="field">
          <label className="checkbox">
            <input id="sso-password_login_allowed" type="checkbox" checked={draft.password_login_allowed}
              onChange={(event) => setDraft({ ...draft, password_login_allowed: event.target.checked })} />
            {t("settings.signIn.passwordAllowed")}
          </label>
          <p className="muted">{t("settings.signIn.passwordAllowedHint")}</p>
        </div>
        <Field name="accepted_amr" label={t("settings.signIn.amr")} hint={t("settings.signIn.amrHint")} error={error}>
          <input id="sso-accepted_amr" value={draft.accepted_amr} onChange={set("accepted_amr")} />
        </Field>
        <Field name="accepted_acr" label={t("settings.signIn.acr")} error={error}>
          <input id="sso-accepted_acr" value={draft.accepted_acr} onChange={set("accepted_acr")} />
        </Field>
        <Field name="groups_claim" label={t("settings.signIn.groupsClaim")} error={error}>
          <input id="sso-groups_claim" value={draft.groups_claim} onChange={set("groups_claim")} />
        </Field>
        <Field name="role_mapping" label={t("settings.signIn.roleMapping")} hint={t("settings.signIn.roleMappingHint")}
          error={error}>
          <textarea id="sso-role_mapping" rows={3} value={draft.role_mapping} onChange={set("role_mapping")} />
        </Field>
        <Field name="session_minutes" label={t("settings.signIn.sessionMinutes")}
          hint={t("settings.signIn.sessionMinutesHint")} error={error}>
          <input id="sso-session_minutes" type="number" min={5} value={draft.session_minutes}
            onChange={set("session_minutes")} />
        </Field>
        {error && <p className="form-error" role="alert">{error.detail}</p>}
        {saved && <p role="status">{t("settings.signIn.saved")}</p>}
        <div className="link-row">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t("common.busy") : t("settings.signIn.save")}
          </button>
          {settings.provider && !confirmRemove && (
            <button type="button" className="secondary" onClick={() => setConfirmRemove(true)}>
              {t("settings.signIn.remove")}
            </button>
          )}
        </div>
      </form>
      {confirmRemove && (
        <div role="group" aria-label={t("settings.signIn.remove")}>
          <p>{t("settings.signIn.removeQuestion")}</p>
          <div className="link-row">
            <button type="button" className="danger" disabled={busy} onClick={remove}>{t("settings.signIn.removeYes")}</button>
            <button type="button" className="secondary" disabled={busy} onClick={() => setConfirmRemove(false)}>
              {t("settings.cancel")}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

/** Admins set up sign-in through the organisation's own identity provider. */
export function SignInSettingsPage() {
  return (
    <RoleGate allowed={SIGN_IN_SETTINGS_ROLES} body="settings.signIn.adminsOnly">
      <SignInSettings />
    </RoleGate>
  );
}
