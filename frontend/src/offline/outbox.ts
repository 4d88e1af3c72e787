/**
 * The outbox: writes a person makes while offline wait here (IndexedDB) and are sent when the
 * connection returns — in the order they were made, each exactly once.
 *
 * Exactly once: every action gets an Idempotency-Key when it is made. The server stores its answer
 * under that key (welkom.offline), so when the phone sends an action again because it never heard
 * the answer, the server gives the same answer back and changes nothing twice. An action leaves the
 * outbox only after the server answered it.
 *
 * In order: one action at a time, oldest first; when one cannot get through, the rest wait.
 *
 * Conflicts (see docs/mobile-app.md): the server decides, per kind of action. Actions set
 * a value (done, language…), so an action that still fits is applied as if sent now. Each action
 * carries its age (Welkom-Action-Age), so a feature can refuse a change older than its own latest
 * one (409 conflict); an action the server refuses (400, 404, 409, 410, 422) is dropped and the
 * person is told which change was not saved, what happened and what to do (OfflineBanner).
 */
import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import type { paths } from "../api/schema";
import { asApiError, csrfToken, type ApiErrorBody } from "../api/client";
import { isOnline, setOnline } from "./connectivity";

type Method = "post" | "put" | "patch" | "delete";
type JsonBody<Op> = Op extends { requestBody?: { content: { "application/json": infer B } } } ? B : undefined;
type PathsWith<M extends Method> = { [P in keyof paths]: paths[P][M] extends undefined | never ? never : P }[keyof paths];

/** The kinds of action that can wait in the outbox. Each has a name in the catalogs
 *  (outbox.kind.<kind>) and says what a refusal means for it (outbox.outcome.<kind>.<reason>). */
export const OUTBOX_KINDS = ["language", "checklistItem", "journeyStep", "studyLog", "quizAnswer", "chatMessage"] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

/** Why the server refused a queued action: it no longer fits a change made there meanwhile (409),
 *  what it acts on is gone (404, 410), or it is not valid (400, 422). */
export type RefusalReason = "conflict" | "gone" | "invalid";

export function refusalReason(status: number): RefusalReason {
  if (status === 409) return "conflict";
  if (status === 404 || status === 410) return "gone";
  return "invalid";
}

/** A write that may be queued: typed against the API schema, like the api client. */
export interface OfflineAction<M extends Method = Method, P extends PathsWith<M> = PathsWith<M>> {
  method: M;
  path: P;
  /** Values for {placeholders} in the path, e.g. { id: 4 }. */
  params?: Record<string, string | number>;
  /** Query string values, e.g. { lang: "pl" }. */
  query?: Record<string, string>;
  body?: JsonBody<paths[P][M]>;
  /** What kind of change this is: names it for the person (with labelValues) and explains a refusal. */
  kind: OutboxKind;
  labelValues?: Record<string, string>;
  /** The screen where the person can see the thing as it is now, offered when the action is refused. */
  screen?: string;
}

export interface OutboxEntry {
  id?: number;
  key: string;
  userId: number;
  method: Uppercase<Method>;
  url: string;
  body: unknown;
  /** Missing on entries queued before kinds existed: they get the general explanation. */
  kind?: OutboxKind;
  /** Catalog key naming the change, e.g. "outbox.kind.language". */
  label: string;
  labelValues?: Record<string, string>;
  screen?: string;
  takenAt: number;
  attempts: number;
  /** True once the action had to wait (made offline, or a send failed): the person is told how it ends. */
  waited: boolean;
}

export type PerformResult =
  | { state: "sent"; data: unknown }
  | { state: "queued"; entry: OutboxEntry }
  | { state: "refused"; error: ApiErrorBody; reason: RefusalReason };

export interface Refusal {
  entry: OutboxEntry;
  error: ApiErrorBody;
  reason: RefusalReason;
}

export interface OutboxEvents {
  /** The outbox changed: something was added, sent or dropped. */
  changed: () => void;
  /** A queued action reached the server and was saved. */
  sent: (entry: OutboxEntry, data: unknown) => void;
  /** The server refused a queued action; it was dropped. */
  refused: (refusal: Refusal) => void;
}

interface OutboxDb extends DBSchema {
  outbox: { key: number; value: OutboxEntry; indexes: { byUser: number } };
}

const DB_NAME = "welkom-offline";
const REFUSED = new Set([400, 404, 409, 410, 422]);

let dbPromise: Promise<IDBPDatabase<OutboxDb>> | null = null;
function db(): Promise<IDBPDatabase<OutboxDb>> {
  dbPromise ??= openDB<OutboxDb>(DB_NAME, 1, {
    upgrade(database) {
      const store = database.createObjectStore("outbox", { keyPath: "id", autoIncrement: true });
      store.createIndex("byUser", "userId");
    },
  });
  return dbPromise;
}

const handlers: { [E in keyof OutboxEvents]: Set<OutboxEvents[E]> } = {
  changed: new Set(),
  sent: new Set(),
  refused: new Set(),
};

export function onOutbox<E extends keyof OutboxEvents>(event: E, handler: OutboxEvents[E]): () => void {
  handlers[event].add(handler);
  return () => handlers[event].delete(handler);
}

function emit<E extends keyof OutboxEvents>(event: E, ...args: Parameters<OutboxEvents[E]>): void {
  handlers[event].forEach((handler) => (handler as (...values: Parameters<OutboxEvents[E]>) => void)(...args));
}

function newKey(): string {
  return crypto.randomUUID();
}

function fillPath(path: string, params: Record<string, string | number> = {}): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in params)) throw new Error(`Missing path parameter ${name} for ${path}`);
    return encodeURIComponent(String(params[name]));
  });
}

function queryString(query: Record<string, string> = {}): string {
  const text = new URLSearchParams(query).toString();
  return text ? `?${text}` : "";
}

export async function pendingFor(userId: number): Promise<OutboxEntry[]> {
  const entries = await (await db()).getAllFromIndex("outbox", "byUser", userId);
  return entries.sort((a, b) => a.id! - b.id!);
}

export async function clearOutbox(): Promise<void> {
  await (await db()).clear("outbox");
  emit("changed");
}

type Outcome =
  | { kind: "sent"; data: unknown }
  | { kind: "refused"; error: ApiErrorBody; reason: RefusalReason }
  | { kind: "later" };

async function send(entry: OutboxEntry): Promise<Outcome> {
  let response: Response;
  try {
    response = await globalThis.fetch(entry.url, {
      method: entry.method,
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "X-CSRFToken": csrfToken(),
        "Idempotency-Key": entry.key,
        "Welkom-Action-Age": String(Math.max(0, Math.round((Date.now() - entry.takenAt) / 1000))),
      },
      body: entry.body === undefined ? undefined : JSON.stringify(entry.body),
    });
  } catch {
    setOnline(false);
    return { kind: "later" };
  }
  setOnline(true);
  const text = await response.text();
  const data: unknown = text ? safeJson(text) : null;
  if (response.ok) return { kind: "sent", data };
  if (REFUSED.has(response.status) || (response.status === 403 && asApiError(data, "").code !== "csrf_failed")) {
    return { kind: "refused", error: asApiError(data, response.statusText), reason: refusalReason(response.status) };
  }
  return { kind: "later" }; // 401 (log in again), stale CSRF token, 429, 5xx: try again later
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

let running: Promise<number> | null = null;
const outcomes = new Map<string, Outcome>();

/** Send what waits for this person, oldest first; stops at the first action that cannot get through.
 *  Resolves to the number of actions still waiting. */
export function replay(userId: number): Promise<number> {
  running ??= withLock(async () => {
    const database = await db();
    for (const entry of await pendingFor(userId)) {
      const outcome = await send(entry);
      if (outcome.kind === "later") {
        await database.put("outbox", { ...entry, attempts: entry.attempts + 1, waited: true });
        break;
      }
      await database.delete("outbox", entry.id!);
      outcomes.set(entry.key, outcome);
      if (outcome.kind === "sent") emit("sent", entry, outcome.data);
      else emit("refused", { entry, error: outcome.error, reason: outcome.reason });
      emit("changed");
    }
    return (await pendingFor(userId)).length;
  }).finally(() => {
    running = null;
  });
  return running;
}

/** One tab at a time sends the outbox (Web Locks where the browser has them). */
function withLock<T>(work: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  return locks ? (locks.request("welkom-outbox", work) as Promise<T>) : work();
}

/**
 * Do a write: it is first written to the outbox (so a closed tab or a reload cannot lose it), then
 * sent when online — after any older actions still waiting, so the server sees them in order.
 * Resolves when it was sent, refused, or left waiting for the connection.
 */
export async function perform<M extends Method, P extends PathsWith<M>>(
  userId: number,
  action: OfflineAction<M, P>,
): Promise<PerformResult> {
  const entry: OutboxEntry = {
    key: newKey(),
    userId,
    method: action.method.toUpperCase() as Uppercase<Method>,
    url: fillPath(action.path as string, action.params) + queryString(action.query),
    body: action.body,
    kind: action.kind,
    label: `outbox.kind.${action.kind}`,
    labelValues: action.labelValues,
    screen: action.screen,
    takenAt: Date.now(),
    attempts: 0,
    waited: !isOnline(),
  };
  entry.id = await (await db()).add("outbox", entry);
  emit("changed");
  // A replay already under way may have started before this entry was added: then run once more.
  for (let round = 0; round < 2 && isOnline() && !outcomes.has(entry.key); round++) await replay(userId);
  const outcome = outcomes.get(entry.key);
  outcomes.delete(entry.key);
  if (outcome?.kind === "sent") return { state: "sent", data: outcome.data };
  if (outcome?.kind === "refused") return { state: "refused", error: outcome.error, reason: outcome.reason };
  return { state: "queued", entry: { ...entry, waited: true } };
}
