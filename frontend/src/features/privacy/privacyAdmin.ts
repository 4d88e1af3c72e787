import { keepPreviousData } from "@tanstack/react-query";
import { api, asApiError, type ApiErrorBody, type Schemas } from "../../api/client";
import { $api } from "../../api/query";
import type { operations } from "../../api/schema";

/** Calls and rules behind the privacy administration page (audit log, retention, erasure). */
export type AuditEntry = Schemas["AuditEntryWithSubject"];
export type Retention = Schemas["Retention"];
export type Erasure = Schemas["ErasureRecord"];
export type Person = Schemas["User"];
type AuditQuery = NonNullable<operations["api_audit_list"]["parameters"]["query"]>;

export const AUDIT_ACTIONS = [
  "viewed", "changed", "created", "downloaded", "exported", "erased", "removed", "signed_in", "sign_in_refused",
  "signed_out",
] as const;

export interface AuditFilters {
  person: { id: number; name: string } | null;
  /** Whose entries: about the person (their data), or by the person (what they did). */
  side: "subject" | "actor";
  action: "" | (typeof AUDIT_ACTIONS)[number];
  since: string;
  until: string;
}

export const NO_FILTERS: AuditFilters = { person: null, side: "subject", action: "", since: "", until: "" };

/** The query string the audit list understands; empty filters are left out. */
export function auditQuery(filters: AuditFilters, page: number): AuditQuery {
  const query: AuditQuery = { page };
  if (filters.person) query[filters.side] = filters.person.id;
  if (filters.action) query.action = filters.action;
  if (filters.since) query.since = filters.since;
  if (filters.until) query.until = filters.until;
  return query;
}

/** Checks the browser makes before asking: the last day may not come before the first. */
export function filterProblems(filters: AuditFilters, message: string): Record<string, string[]> {
  if (filters.since && filters.until && filters.until < filters.since) return { until: [message] };
  return {};
}

export type Outcome<T> = { ok: true; data: T } | { ok: false; error: ApiErrorBody };

function outcome<T>(data: T | undefined, error: unknown, fallback: string): Outcome<T> {
  if (data !== undefined && error === undefined) return { ok: true, data };
  return { ok: false, error: asApiError(error, fallback) };
}

/**
 * A number of days typed into a retention field, or the reason it cannot be sent.
 * The server has the last word (it knows the organisation's minimum); this catches typing slips.
 */
export function parseKeepDays(
  text: string,
  messages: { required: string; whole: string; range: string },
): { days: number } | { problem: string } {
  const value = text.trim();
  if (!value) return { problem: messages.required };
  if (!/^\d+$/.test(value)) return { problem: messages.whole };
  const days = Number(value);
  if (days < 1 || days > 36500) return { problem: messages.range };
  return { days };
}

export async function saveRetention(kind: string, keepDays: number, fallback: string) {
  const { data, error } = await api.PATCH("/api/privacy/retention/{kind}", {
    params: { path: { kind } },
    body: { keep_days: keepDays },
  });
  return outcome(data, error, fallback);
}

/** The typed confirmation must be the person's e-mail address (spaces and capitals do not matter). */
export function confirmationMatches(typed: string, email: string): boolean {
  return typed.trim().toLowerCase() === email.trim().toLowerCase() && email.trim() !== "";
}

export async function erasePerson(person: Person, typed: string, fallback: string) {
  const { data, error } = await api.POST("/api/privacy/erasures", {
    body: { user: person.id, confirm_email: typed.trim() },
  });
  return outcome(data, error, fallback);
}

/** Someone's name as the screens show it: the full name, else the e-mail address. */
export function personName(person: { full_name?: string; email: string }): string {
  return person.full_name?.trim() || person.email;
}

// --- Reads (TanStack Query on the typed client) ---------------------------------------------------

export const useAuditLog = (filters: AuditFilters, page: number) =>
  $api.useQuery("get", "/api/audit", { params: { query: auditQuery(filters, page) } });

/** People whose name or e-mail address has `search` in it (nothing is asked for an empty search). */
export const usePeopleSearch = (search: string) =>
  $api.useQuery("get", "/api/users", { params: { query: { search, page_size: 10 } } }, {
    enabled: search !== "",
    placeholderData: keepPreviousData, // the last results stay while the next are read
  });

export const useRetention = () => $api.useQuery("get", "/api/privacy/retention");

export const useErasures = (page: number) => $api.useQuery("get", "/api/privacy/erasures", { params: { query: { page } } });
