import type { Schemas } from "../../api/client";

/** The add/edit form's state: strings as the inputs hold them, turned into the API's payload on save. */
export interface ChildRow {
  first_name: string;
  birth_date: string;
}
export interface LeaveRow {
  starts_on: string;
  ends_on: string;
  note: string;
}
export interface ProfileFormState {
  email: string;
  full_name: string;
  team: string;
  offer_signed_on: string;
  arrival_on: string;
  first_day_on: string;
  home_country: string;
  phone: string;
  languages_spoken: string;
  preferred_language: string;
  time_zone: string;
  team_lead: string;
  buddy: string;
  has_partner: boolean;
  children: ChildRow[];
  tenure: Schemas["TenureEnum"];
  stays_longer_than_4_months: boolean;
  permit_type: Schemas["PermitTypeEnum"];
  municipality: string;
  employment: Schemas["EmploymentEnum"];
  housing_by_employer: boolean;
  leaves: LeaveRow[];
}

export const TENURES: Schemas["TenureEnum"][] = ["temporary", "renting", "buying", "undecided"];
export const PERMIT_TYPES: Schemas["PermitTypeEnum"][] = [
  "kennismigrant",
  "eu_blue_card",
  "eu_citizen",
  "intra_corporate",
  "other",
];

export const EMPLOYMENTS: Schemas["EmploymentEnum"][] = ["direct", "agency", "posted"];

export function emptyForm(): ProfileFormState {
  return {
    email: "",
    full_name: "",
    team: "",
    offer_signed_on: "",
    arrival_on: "",
    first_day_on: "",
    home_country: "",
    phone: "",
    languages_spoken: "",
    preferred_language: "en",
    time_zone: "Europe/Amsterdam",
    team_lead: "",
    buddy: "",
    has_partner: false,
    children: [],
    tenure: "temporary",
    stays_longer_than_4_months: true,
    permit_type: "kennismigrant",
    municipality: "",
    employment: "direct",
    housing_by_employer: false,
    leaves: [],
  };
}

const id = (value: { id: number } | null | undefined) => (value ? String(value.id) : "");

export function formFromProfile(profile: Schemas["Profile"]): ProfileFormState {
  const spoken = Array.isArray(profile.languages_spoken) ? (profile.languages_spoken as string[]) : [];
  return {
    ...emptyForm(),
    email: profile.user.email,
    full_name: profile.user.full_name ?? "",
    team: id(profile.team),
    offer_signed_on: profile.offer_signed_on ?? "",
    arrival_on: profile.arrival_on ?? "",
    first_day_on: profile.first_day_on ?? "",
    home_country: profile.home_country ?? "",
    phone: profile.phone ?? "",
    languages_spoken: spoken.join(", "),
    preferred_language: profile.preferred_language ?? "en",
    time_zone: profile.time_zone ?? "Europe/Amsterdam",
    team_lead: id(profile.team_lead),
    buddy: id(profile.buddy),
    has_partner: profile.has_partner ?? false,
    children: profile.children.map((c) => ({ first_name: c.first_name, birth_date: c.birth_date })),
    tenure: profile.tenure ?? "temporary",
    stays_longer_than_4_months: profile.stays_longer_than_4_months ?? true,
    permit_type: profile.permit_type ?? "kennismigrant",
    municipality: profile.municipality ?? "",
    employment: profile.employment ?? "direct",
    housing_by_employer: profile.housing_by_employer ?? false,
    leaves: profile.leaves.map((l) => ({ starts_on: l.starts_on, ends_on: l.ends_on, note: l.note ?? "" })),
  };
}

const dateOrNull = (value: string) => value || null;
const idOrNull = (value: string) => (value ? Number(value) : null);

/** The fields both POST and PATCH accept. Empty inputs become null (dates, people) or "" (text). */
export function toPayload(form: ProfileFormState): Schemas["PatchedProfileWriteRequest"] {
  return {
    home_country: form.home_country.trim(),
    phone: form.phone.trim(),
    languages_spoken: form.languages_spoken
      .split(/[\s,;]+/)
      .map((code) => code.trim())
      .filter(Boolean),
    preferred_language: form.preferred_language,
    time_zone: form.time_zone.trim(),
    offer_signed_on: dateOrNull(form.offer_signed_on),
    arrival_on: dateOrNull(form.arrival_on),
    first_day_on: dateOrNull(form.first_day_on),
    team: idOrNull(form.team),
    team_lead: idOrNull(form.team_lead),
    buddy: idOrNull(form.buddy),
    has_partner: form.has_partner,
    children: form.children.map((c) => ({ first_name: c.first_name.trim(), birth_date: c.birth_date })),
    tenure: form.tenure,
    stays_longer_than_4_months: form.stays_longer_than_4_months,
    permit_type: form.permit_type,
    municipality: form.municipality.trim().toLowerCase(),
    employment: form.employment,
    housing_by_employer: form.housing_by_employer,
    leaves: form.leaves.map((l) => ({ starts_on: l.starts_on, ends_on: l.ends_on, note: l.note.trim() })),
  };
}

/** On create an empty team lead is left out, so the chosen team's lead is taken. */
export function toCreatePayload(form: ProfileFormState): Schemas["ProfileCreateRequest"] {
  const { team_lead, ...rest } = toPayload(form);
  return { ...rest, ...(team_lead ? { team_lead } : {}), email: form.email.trim(), full_name: form.full_name.trim() };
}

/** The API's `fields` can nest by row, as DRF does: {"children": {"1": {"birth_date": ["…"]}}}. */
export type FieldErrors = Record<string, unknown>;

const isObject = (value: unknown): value is Record<string, unknown> =>
  !!value && typeof value === "object" && !Array.isArray(value);

/** Every message under a value: a list of strings, or (for lists like languages) messages per item. */
function flatten(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(flatten);
  if (isObject(value)) return Object.values(value).flatMap(flatten);
  return [];
}

/** Messages for one field: `messagesAt(fields, "arrival_on")` or `messagesAt(fields, "children", 1, "birth_date")`.
 *  Without a row, messages about single rows are left to those rows. */
export function messagesAt(fields: FieldErrors, name: string, row?: number, column?: string): string[] {
  const value = fields[name];
  if (row === undefined) {
    if (isObject(value) && Object.values(value).some(isObject)) return []; // per-row errors
    return flatten(value);
  }
  const entry = Array.isArray(value) ? value[row] : isObject(value) ? value[String(row)] : undefined;
  return isObject(entry) ? flatten(entry[column ?? ""]) : [];
}
