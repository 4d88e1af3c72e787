import { useEffect, useId, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { $api } from "../../api/query";
import { FieldError } from "../../components/FieldError";
import { UI_LANGUAGES } from "../../i18n";
import {
  canonicalTimeZone,
  countryChoices,
  languageChoices,
  languageName,
  timeZoneChoices,
  type NamedCode,
} from "../../i18n/format";
import type { Choices } from "./useChoices";
import {
  messagesAt,
  EMPLOYMENTS,
  PERMIT_TYPES,
  TENURES,
  type ChildRow,
  type FieldErrors,
  type LeaveRow,
  type ProfileFormState,
} from "./profileForm";

type InputProps = { id: string; "aria-describedby"?: string; "aria-invalid"?: boolean };

/**
 * A searchable time zone field: the browser's suggestions list every zone by a readable name
 * ("Kolkata — India Standard Time (GMT+5:30)"), typing a city or a zone's name narrows them. The
 * form keeps the zone's code; a code typed as is (Asia/Kolkata) is taken too.
 */
function TimeZoneInput({ value, onChange, ...props }: InputProps & { value: string; onChange: (code: string) => void }) {
  const { i18n } = useTranslation();
  const listId = `${props.id}-zones`;
  const zones: NamedCode[] = useMemo(() => timeZoneChoices(i18n.language), [i18n.language]);
  const codeFor = (text: string) =>
    zones.find((zone) => zone.name === text || zone.code.toLowerCase() === text.trim().toLowerCase())?.code ?? text;
  const nameOf = (code: string) => {
    const canonical = code && canonicalTimeZone(code);
    return zones.find((zone) => zone.code === code || zone.code === canonical)?.name ?? code;
  };
  const [text, setText] = useState(() => nameOf(value));
  // When the value or the names change from outside (loaded, reset), the text follows, during render.
  const [seen, setSeen] = useState({ value, zones });
  if (seen.value !== value || seen.zones !== zones) {
    setSeen({ value, zones });
    if (codeFor(text) !== value && nameOf(value) !== text) setText(nameOf(value));
  }
  return (
    <>
      <input
        {...props}
        list={listId}
        autoComplete="off"
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          onChange(codeFor(event.target.value));
        }}
      />
      <datalist id={listId}>
        {zones.map((zone) => <option key={zone.code} value={zone.name} />)}
      </datalist>
    </>
  );
}

function Field({
  name,
  label,
  hint,
  errors,
  children,
}: {
  name: string;
  label: string;
  hint?: string;
  errors: string[];
  children: (props: { id: string; "aria-describedby"?: string; "aria-invalid"?: boolean }) => React.ReactNode;
}) {
  const base = useId();
  const id = `${base}-${name}`;
  const described = [hint && `${id}-hint`, errors.length > 0 && `${id}-error`].filter(Boolean).join(" ");
  return (
    <div className="field" data-field={name}>
      <label htmlFor={id}>{label}</label>
      {children({ id, "aria-describedby": described || undefined, "aria-invalid": errors.length > 0 || undefined })}
      {hint && <p id={`${id}-hint`} className="muted small">{hint}</p>}
      <FieldError id={`${id}-error`} messages={errors} />
    </div>
  );
}

function personLabel(person: { full_name?: string; email: string }) {
  return person.full_name ? `${person.full_name} (${person.email})` : person.email;
}

export function ProfileForm({
  form,
  onChange,
  errors,
  choices,
  creating,
  busy,
  submitLabel,
  onSubmit,
}: {
  form: ProfileFormState;
  onChange: (form: ProfileFormState) => void;
  errors: FieldErrors;
  choices: Choices;
  creating: boolean;
  busy: boolean;
  submitLabel: string;
  onSubmit: () => void;
}) {
  const { t, i18n } = useTranslation();
  const set = <K extends keyof ProfileFormState>(key: K, value: ProfileFormState[K]) => onChange({ ...form, [key]: value });
  const at = (name: string) => messagesAt(errors, name);
  const leads = useMemo(
    () => choices.people.filter((p) => ["team_lead", "hr", "admin"].includes(p.role ?? "") || String(p.id) === form.team_lead),
    [choices.people, form.team_lead],
  );
  const buddies = useMemo(() => choices.people.filter((p) => p.email !== form.email), [choices.people, form.email]);
  const spoken = form.languages_spoken.split(/[\s,;]+/).filter(Boolean);
  const setChild = (index: number, child: Partial<ChildRow>) =>
    set("children", form.children.map((row, i) => (i === index ? { ...row, ...child } : row)));
  const setLeave = (index: number, leave: Partial<LeaveRow>) =>
    set("leaves", form.leaves.map((row, i) => (i === index ? { ...row, ...leave } : row)));
  // The content's municipalities to pick from; any other name can still be typed.
  const municipalities = $api.useQuery("get", "/api/checklists/municipalities");
  const countries = useMemo(() => countryChoices(i18n.language), [i18n.language]);
  const allLanguages = useMemo(() => languageChoices(i18n.language), [i18n.language]);
  const setSpoken = (codes: string[]) => set("languages_spoken", [...new Set(codes)].join(", "));
  // A failed save: focus (and scroll to) the first field in error, not the top of the page.
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (Object.keys(errors).length === 0) return;
    const first = formRef.current?.querySelector<HTMLElement>("[aria-invalid='true']");
    first?.focus();
    first?.scrollIntoView({ block: "center" });
  }, [errors]);
  const languages = UI_LANGUAGES.some((l) => l.code === form.preferred_language)
    ? UI_LANGUAGES.map((l) => l.code as string)
    : [...UI_LANGUAGES.map((l) => l.code as string), form.preferred_language];

  return (
    <form
      ref={formRef}
      className="stack profile-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      <fieldset className="card stack">
        <legend>{t("newcomers.section.person")}</legend>
        <Field name="email" label={t("newcomers.field.email")} errors={at("email")} hint={creating ? t("newcomers.hint.email") : undefined}>
          {(props) => (
            <input {...props} type="email" autoComplete="off" required readOnly={!creating} value={form.email} onChange={(e) => set("email", e.target.value)} />
          )}
        </Field>
        <Field name="full_name" label={t("newcomers.field.full_name")} errors={at("full_name")}>
          {(props) => <input {...props} autoComplete="off" readOnly={!creating} value={form.full_name} onChange={(e) => set("full_name", e.target.value)} />}
        </Field>
        <Field name="phone" label={t("newcomers.field.phone")} hint={t("newcomers.hint.phone")} errors={at("phone")}>
          {(props) => <input {...props} type="tel" autoComplete="off" maxLength={32} value={form.phone} onChange={(e) => set("phone", e.target.value)} />}
        </Field>
        <Field name="home_country" label={t("newcomers.field.home_country")} errors={at("home_country")}>
          {(props) => (
            <select {...props} value={form.home_country} onChange={(e) => set("home_country", e.target.value)}>
              <option value="">{t("newcomers.none")}</option>
              {form.home_country && !countries.some((c) => c.code === form.home_country) && (
                <option value={form.home_country}>{form.home_country}</option>
              )}
              {countries.map((country) => <option key={country.code} value={country.code}>{country.name}</option>)}
            </select>
          )}
        </Field>
        <Field name="languages_spoken" label={t("newcomers.field.languages_spoken")} errors={at("languages_spoken")}>
          {(props) => (
            <div className="picked">
              {spoken.length > 0 && (
                <ul className="chips" aria-label={t("shell.picker.chosen")}>
                  {spoken.map((code) => (
                    <li key={code}>
                      <span>{languageName(code, i18n.language)}</span>
                      <button
                        type="button"
                        className="text-button"
                        onClick={() => setSpoken(spoken.filter((item) => item !== code))}
                        aria-label={t("shell.picker.remove", { name: languageName(code, i18n.language) })}
                      >
                        ×
                      </button>
                    </li>
                  ))}
                </ul>
              )}
              <select {...props} value="" onChange={(e) => e.target.value && setSpoken([...spoken, e.target.value])}>
                <option value="">{t("shell.picker.addLanguage")}</option>
                {allLanguages
                  .filter((choice) => !spoken.includes(choice.code))
                  .map((choice) => <option key={choice.code} value={choice.code}>{choice.name}</option>)}
              </select>
            </div>
          )}
        </Field>
        <Field name="preferred_language" label={t("newcomers.field.preferred_language")} errors={at("preferred_language")}>
          {(props) => (
            <select {...props} value={form.preferred_language} onChange={(e) => set("preferred_language", e.target.value)}>
              {languages.map((code) => (
                <option key={code} value={code}>{languageName(code, i18n.language)}</option>
              ))}
            </select>
          )}
        </Field>
        <Field name="time_zone" label={t("newcomers.field.time_zone")} hint={t("newcomers.hint.time_zone")} errors={at("time_zone")}>
          {(props) => <TimeZoneInput {...props} value={form.time_zone} onChange={(code) => set("time_zone", code)} />}
        </Field>
      </fieldset>

      <fieldset className="card stack">
        <legend>{t("newcomers.section.dates")}</legend>
        {(["offer_signed_on", "arrival_on", "first_day_on"] as const).map((name) => (
          <Field key={name} name={name} label={t(`newcomers.field.${name}`)} errors={at(name)}>
            {(props) => <input {...props} type="date" value={form[name]} onChange={(e) => set(name, e.target.value)} />}
          </Field>
        ))}
      </fieldset>

      <fieldset className="card stack">
        <legend>{t("newcomers.section.team")}</legend>
        {choices.failed && <p className="form-error" role="alert">{t("newcomers.choicesFailed")}</p>}
        <Field name="team" label={t("newcomers.field.team")} errors={at("team")}>
          {(props) => (
            <select {...props} value={form.team} onChange={(e) => set("team", e.target.value)}>
              <option value="">{t("newcomers.none")}</option>
              {choices.teams.map((team) => <option key={team.id} value={team.id}>{team.name}</option>)}
            </select>
          )}
        </Field>
        <Field name="team_lead" label={t("newcomers.field.team_lead")} hint={creating ? t("newcomers.hint.team_lead") : undefined} errors={at("team_lead")}>
          {(props) => (
            <select {...props} value={form.team_lead} onChange={(e) => set("team_lead", e.target.value)}>
              <option value="">{t("newcomers.none")}</option>
              {leads.map((person) => <option key={person.id} value={person.id}>{personLabel(person)}</option>)}
            </select>
          )}
        </Field>
        <Field name="buddy" label={t("newcomers.field.buddy")} errors={at("buddy")}>
          {(props) => (
            <select {...props} value={form.buddy} onChange={(e) => set("buddy", e.target.value)}>
              <option value="">{t("newcomers.none")}</option>
              {buddies.map((person) => <option key={person.id} value={person.id}>{personLabel(person)}</option>)}
            </select>
          )}
        </Field>
      </fieldset>

      <fieldset className="card stack">
        <legend>{t("newcomers.section.household")}</legend>
        <label className="checkbox">
          <input type="checkbox" checked={form.has_partner} onChange={(e) => set("has_partner", e.target.checked)} />
          {t("newcomers.field.has_partner")}
        </label>
        <FieldError id="has-partner-error" messages={at("has_partner")} />
        <fieldset className="stack rows">
          <legend>{t("newcomers.field.children")}</legend>
          {form.children.length === 0 && <p className="muted small">{t("newcomers.noChildren")}</p>}
          {form.children.map((child, index) => (
            <div key={index} className="row-group" role="group" aria-label={t("newcomers.childN", { number: index + 1 })}>
              <Field name={`child-${index}-name`} label={t("newcomers.field.child_name")} errors={messagesAt(errors, "children", index, "first_name")}>
                {(props) => <input {...props} value={child.first_name} onChange={(e) => setChild(index, { first_name: e.target.value })} />}
              </Field>
              <Field name={`child-${index}-birth`} label={t("newcomers.field.birth_date")} errors={messagesAt(errors, "children", index, "birth_date")}>
                {(props) => <input {...props} type="date" value={child.birth_date} onChange={(e) => setChild(index, { birth_date: e.target.value })} />}
              </Field>
              <button type="button" className="secondary" onClick={() => set("children", form.children.filter((_, i) => i !== index))}>
                {t("newcomers.removeChild", { number: index + 1 })}
              </button>
            </div>
          ))}
          <FieldError id="children-error" messages={at("children")} />
          <button type="button" className="secondary" onClick={() => set("children", [...form.children, { first_name: "", birth_date: "" }])}>
            {t("newcomers.addChild")}
          </button>
        </fieldset>
        <Field name="tenure" label={t("newcomers.field.tenure")} errors={at("tenure")}>
          {(props) => (
            <select {...props} value={form.tenure} onChange={(e) => set("tenure", e.target.value as ProfileFormState["tenure"])}>
              {TENURES.map((value) => <option key={value} value={value}>{t(`newcomers.tenure.${value}`)}</option>)}
            </select>
          )}
        </Field>
        <label className="checkbox">
          <input type="checkbox" checked={form.stays_longer_than_4_months} onChange={(e) => set("stays_longer_than_4_months", e.target.checked)} />
          {t("newcomers.field.stays_longer_than_4_months")}
        </label>
        <FieldError id="stays-error" messages={at("stays_longer_than_4_months")} />
        <Field name="permit_type" label={t("newcomers.field.permit_type")} errors={at("permit_type")}>
          {(props) => (
            <select {...props} value={form.permit_type} onChange={(e) => set("permit_type", e.target.value as ProfileFormState["permit_type"])}>
              {PERMIT_TYPES.map((value) => <option key={value} value={value}>{t(`newcomers.permit.${value}`)}</option>)}
            </select>
          )}
        </Field>
        <Field name="employment" label={t("newcomers.field.employment")} errors={at("employment")}>
          {(props) => (
            <select {...props} value={form.employment} onChange={(e) => set("employment", e.target.value as ProfileFormState["employment"])}>
              {EMPLOYMENTS.map((value) => <option key={value} value={value}>{t(`newcomers.employment.${value}`)}</option>)}
            </select>
          )}
        </Field>
        <label className="checkbox">
          <input type="checkbox" checked={form.housing_by_employer} onChange={(e) => set("housing_by_employer", e.target.checked)} />
          {t("newcomers.field.housing_by_employer")}
        </label>
        <FieldError id="housing-by-employer-error" messages={at("housing_by_employer")} />
        <Field name="municipality" label={t("newcomers.field.municipality")} hint={t("newcomers.hint.municipality")} errors={at("municipality")}>
          {(props) => <input {...props} list="municipalities" value={form.municipality} onChange={(e) => set("municipality", e.target.value)} />}
        </Field>
        <datalist id="municipalities">
          {(municipalities.data ?? []).map((place) => <option key={place.slug} value={place.slug}>{place.name}</option>)}
        </datalist>
      </fieldset>

      <fieldset className="card stack rows">
        <legend>{t("newcomers.field.leaves")}</legend>
        {form.leaves.length === 0 && <p className="muted small">{t("newcomers.noLeaves")}</p>}
        {form.leaves.map((leave, index) => (
          <div key={index} className="row-group" role="group" aria-label={t("newcomers.leaveN", { number: index + 1 })}>
            <Field name={`leave-${index}-start`} label={t("newcomers.field.starts_on")} errors={messagesAt(errors, "leaves", index, "starts_on")}>
              {(props) => <input {...props} type="date" value={leave.starts_on} onChange={(e) => setLeave(index, { starts_on: e.target.value })} />}
            </Field>
            <Field name={`leave-${index}-end`} label={t("newcomers.field.ends_on")} errors={messagesAt(errors, "leaves", index, "ends_on")}>
              {(props) => <input {...props} type="date" value={leave.ends_on} onChange={(e) => setLeave(index, { ends_on: e.target.value })} />}
            </Field>
            <Field name={`leave-${index}-note`} label={t("newcomers.field.note")} errors={messagesAt(errors, "leaves", index, "note")}>
              {(props) => <input {...props} value={leave.note} onChange={(e) => setLeave(index, { note: e.target.value })} />}
            </Field>
            <button type="button" className="secondary" onClick={() => set("leaves", form.leaves.filter((_, i) => i !== index))}>
              {t("newcomers.removeLeave", { number: index + 1 })}
            </button>
          </div>
        ))}
        <FieldError id="leaves-error" messages={at("leaves")} />
        <button type="button" className="secondary" onClick={() => set("leaves", [...form.leaves, { starts_on: "", ends_on: "", note: "" }])}>
          {t("newcomers.addLeave")}
        </button>
      </fieldset>

      <button type="submit" className="primary" disabled={busy}>{busy ? t("newcomers.saving") : submitLabel}</button>
    </form>
  );
}
