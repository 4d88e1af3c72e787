import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { api, asApiError, type Schemas } from "../../api/client";
import { $api, useInvalidate } from "../../api/query";
import { useSession } from "../../app/session";
import { QueryStatus } from "../../components/QueryStatus";
import { ProfileForm } from "./ProfileForm";
import { ProfileHistory } from "./ProfileHistory";
import { emptyForm, formFromProfile, toCreatePayload, toPayload, type FieldErrors } from "./profileForm";
import { useChoices, type Choices } from "./useChoices";
import "./newcomers.css";

/** Only HR and admin add or change newcomer profiles; everyone else gets a plain answer. */
function HrOnly({ children }: { children: React.ReactNode }) {
  const { t } = useTranslation();
  const { me } = useSession();
  if (me && me.role !== "hr" && me.role !== "admin") {
    return (
      <section className="card" role="alert">
        <h1>{t("newcomers.notAllowed.title")}</h1>
        <p>{t("newcomers.notAllowed.body")}</p>
        <Link to="/">{t("newcomers.backHome")}</Link>
      </section>
    );
  }
  return <>{children}</>;
}

function useSave() {
  const { t } = useTranslation();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [detail, setDetail] = useState("");
  const [busy, setBusy] = useState(false);
  const run = async <T,>(request: () => Promise<{ data?: T; error?: unknown }>): Promise<T | undefined> => {
    setBusy(true);
    setDetail("");
    try {
      const { data, error } = await request();
      if (error !== undefined || !data) {
        const body = asApiError(error, t("errors.load"));
        setErrors(body.fields as FieldErrors);
        setDetail(body.detail);
        return undefined;
      }
      setErrors({});
      return data;
    } catch {
      setDetail(t("errors.load"));
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { errors, detail, busy, run };
}

/** After adding: the invitation is on its way; offer a journey template right away. */
function AssignJourney({ profile }: { profile: Schemas["Profile"] }) {
  const { t } = useTranslation();
  const query = $api.useQuery("get", "/api/journeys/templates", { params: { query: { profile: profile.id } } });
  const templates = query.data?.results;
  const invalidate = useInvalidate();
  const [chosen, setTemplate] = useState("");
  // The journey that fits the profile (route, employment, length of stay) comes preselected.
  const template = chosen || templates?.find((tpl) => tpl.suggested)?.slug || "";
  const [plan, setPlan] = useState<number | null>(null);
  const [error, setError] = useState("");
  const assign = (event: React.FormEvent) => {
    event.preventDefault();
    if (!template) return;
    setError("");
    api.POST("/api/journeys/plans", { body: { profile: profile.id, template } }).then(({ data, error: body }) => {
      if (body || !data) setError(asApiError(body, t("errors.load")).detail);
      else {
        setPlan(data.id);
        void invalidate("/api/journeys/");
      }
    });
  };
  const name = profile.user.full_name || profile.user.email;
  return (
    <section className="card stack" aria-labelledby="added-title">
      <h1 id="added-title">{t("newcomers.added.title", { name })}</h1>
      <p role="status">{t("newcomers.added.invited", { email: profile.user.email })}</p>
      {plan ? (
        <p role="status">
          {t("newcomers.added.assigned")} <Link to={`/journeys/plans/${plan}`}>{t("newcomers.added.openPlan")}</Link>
        </p>
      ) : (
        <form className="stack" onSubmit={assign}>
          <h2>{t("newcomers.added.journey")}</h2>
          {!templates && <QueryStatus query={query} />}
          {templates?.length === 0 && <p className="empty">{t("newcomers.added.noTemplates")}</p>}
          {templates && templates.length > 0 && (
            <>
              <label>
                {t("newcomers.added.template")}
                <select value={template} onChange={(e) => setTemplate(e.target.value)}>
                  <option value="">{t("newcomers.added.chooseTemplate")}</option>
                  {templates.map((tpl) => (
                    <option key={tpl.slug} value={tpl.slug}>
                      {tpl.suggested ? t("newcomers.added.suggested", { title: tpl.title }) : tpl.title}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit" className="primary" disabled={!template}>{t("newcomers.added.assign")}</button>
            </>
          )}
          {error && <p className="form-error" role="alert">{error}</p>}
        </form>
      )}
      <p className="link-row">
        <Link to={`/newcomers/${profile.id}`}>{t("newcomers.added.editProfile")}</Link>
        <Link to="/newcomers/new" reloadDocument>{t("newcomers.added.another")}</Link>
        <Link to="/">{t("newcomers.backHome")}</Link>
      </p>
    </section>
  );
}

export function NewNewcomerPage() {
  const { t } = useTranslation();
  const choices = useChoices();
  const [form, setForm] = useState(emptyForm);
  const [created, setCreated] = useState<Schemas["Profile"] | null>(null);
  const invalidate = useInvalidate();
  const { errors, detail, busy, run } = useSave();
  const save = async () => {
    const profile = await run(() => api.POST("/api/newcomers", { body: toCreatePayload(form) }));
    if (profile) {
      void invalidate("/api/newcomers", "/api/users", "/api/journeys/", "/api/checklists");
      setCreated(profile);
      window.scrollTo(0, 0);
    }
  };
  return (
    <HrOnly>
      {created ? (
        <AssignJourney profile={created} />
      ) : (
        <div className="stack newcomer-page">
          <header className="page-header">
            <h1>{t("newcomers.new.title")}</h1>
            <p className="muted">{t("newcomers.new.intro")}</p>
          </header>
          {detail && <p className="form-error" role="alert">{detail}</p>}
          <ProfileForm
            form={form}
            onChange={setForm}
            errors={errors}
            choices={choices}
            creating
            busy={busy}
            submitLabel={t("newcomers.new.submit")}
            onSubmit={() => void save()}
          />
        </div>
      )}
    </HrOnly>
  );
}

export function EditNewcomerPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const pk = Number(id);
  const choices = useChoices();
  const query = $api.useQuery("get", "/api/newcomers/{id}", { params: { path: { id: pk } } });
  const profile = query.data;
  return (
    <HrOnly>
      <div className="stack newcomer-page">
        <header className="page-header">
          <h1>{profile ? profile.user.full_name || profile.user.email : t("newcomers.edit.title")}</h1>
          {profile && (
            <p className="muted">
              {t(profile.account === "active" ? "newcomers.edit.active" : "newcomers.edit.invited")}
            </p>
          )}
        </header>
        {!profile && <QueryStatus query={query} />}
        {profile && <EditProfile key={profile.id} profile={profile} choices={choices} />}
      </div>
    </HrOnly>
  );
}

/** The form starts from the profile as read; what HR types stays when the profile is read again. */
function EditProfile({ profile, choices }: { profile: Schemas["Profile"]; choices: Choices }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const invalidate = useInvalidate();
  const [form, setForm] = useState(() => formFromProfile(profile));
  const [saved, setSaved] = useState(false);
  const { errors, detail, busy, run } = useSave();
  const pk = profile.id;
  const save = async () => {
    const updated = await run(() => api.PATCH("/api/newcomers/{id}", { params: { path: { id: pk } }, body: toPayload(form) }));
    if (updated) {
      client.setQueryData($api.queryOptions("get", "/api/newcomers/{id}", { params: { path: { id: pk } } }).queryKey, updated);
      setForm(formFromProfile(updated));
      setSaved(true);
      // The history, the lists and what follows from the profile (checklists, plans) are read again.
      void invalidate("/api/newcomers", "/api/journeys/", "/api/checklists");
    }
  };
  return (
    <>
      {saved && !detail && <p className="status" role="status">{t("newcomers.edit.saved")}</p>}
      {detail && <p className="form-error" role="alert">{detail}</p>}
      <ProfileForm
        form={form}
        onChange={setForm}
        errors={errors}
        choices={choices}
        creating={false}
        busy={busy}
        submitLabel={t("newcomers.edit.submit")}
        onSubmit={() => void save()}
      />
      <ProfileHistory profileId={profile.id} choices={choices} />
    </>
  );
}
