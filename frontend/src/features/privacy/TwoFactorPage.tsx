import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, asApiError, type ApiErrorBody, type Schemas } from "../../api/client";
import { useSession } from "../../app/session";
import { FieldError } from "../../components/FieldError";

type Setup = Schemas["TwoFactorSetup"];

/** Shown instead of every page while the organisation requires a second factor this session lacks. */
export function TwoFactorPage() {
  const { t } = useTranslation();
  const { me, refresh } = useSession();
  const [setup, setSetup] = useState<Setup | null>(null);
  const [code, setCode] = useState("");
  const [error, setError] = useState<ApiErrorBody | null>(null);
  const [busy, setBusy] = useState(false);
  if (!me) return null;
  const enrolled = me.two_factor.enrolled;

  async function start() {
    setBusy(true);
    setError(null);
    const { data, error: body } = await api.POST("/api/auth/two-factor/setup");
    if (data) setSetup(data);
    else setError(asApiError(body, t("errors.network")));
    setBusy(false);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const path = enrolled ? "/api/auth/two-factor/verify" : "/api/auth/two-factor/confirm";
    const { data, error: body } = await api.POST(path, { body: { otp_code: code } });
    if (data) await refresh();
    else setError(asApiError(body, t("errors.network")));
    setBusy(false);
  }

  const codeForm = (
    <form onSubmit={submit} noValidate>
      <label htmlFor="two-factor-code">{t("twoFactor.code")}</label>
      <input id="two-factor-code" type="text" inputMode="numeric" autoComplete="one-time-code" required
        maxLength={7} value={code} onChange={(event) => setCode(event.target.value)} />
      <FieldError id="two-factor-code-error" messages={error?.fields.otp_code} />
      {error && <p className="form-error" role="alert">{error.detail}</p>}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? t("common.busy") : t("twoFactor.confirm")}
      </button>
    </form>
  );

  return (
    <section className="card narrow" data-testid="two-factor">
      <h1>{t("twoFactor.title")}</h1>
      <p className="muted">{t("twoFactor.intro")}</p>
      {enrolled ? (
        codeForm
      ) : setup ? (
        <>
          <p>{t("twoFactor.scan")}</p>
          <img className="qr" alt={t("twoFactor.qrAlt")} width={180} height={180}
            src={`data:image/svg+xml;utf8,${encodeURIComponent(setup.qr_svg)}`} />
          <p>{t("twoFactor.typeSecret")}</p>
          <p><code className="secret">{setup.secret}</code></p>
          {codeForm}
        </>
      ) : (
        <>
          {error && <p className="form-error" role="alert">{error.detail}</p>}
          <button type="button" className="primary" disabled={busy} onClick={() => void start()}>
            {t("twoFactor.start")}
          </button>
        </>
      )}
    </section>
  );
}
