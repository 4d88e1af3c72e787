import "../../components/settings.css";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useTimes } from "../../i18n/useTimes";
import { useTranslation } from "react-i18next";
import { asApiError, type ApiErrorBody } from "../../api/client";
import { useInvalidate } from "../../api/query";
import { QueryStatus } from "../../components/QueryStatus";
import { useSession } from "../../app/session";
import { FieldError } from "../../components/FieldError";
import { UI_LANGUAGES } from "../../i18n";
import { formatBytes, languageName } from "../../i18n/format";
import { Pager } from "../settings";
import { TRANSLATION_SETTINGS_ROLES } from "../settings";
import { ConfirmButton } from "../../components/ConfirmButton";
import { RoleGate } from "../settings";
import {
  addGlossaryEntry,
  createKey,
  downloadActive,
  glossaryProblems,
  startDownload,
  updateRules,
  type IndexPackage,
  type PackageDownload,
  removeGlossaryEntry,
  removePackage,
  revokeKey,
  uploadPackage,
  type ApiKey,
  type CreatedKey,
  type GlossaryDraft,
  type GlossaryEntry,
  type InstalledPackage,
} from "./settingsApi";
import { useLanguages } from "./translationApi";
import {
  useApiKeys,
  useDownload,
  useGlossary,
  useInstalledPackages,
  usePackageIndex,
  usePackagesChanged,
  useRules,
  useSetRules,
} from "./queries";
import { ErrorText } from "../../components/Status";

const PAGE_SIZE = 25;

type Page<T> = { count: number; results: T[] };

/** A question with "yes" (the dangerous action) and "cancel", as one labelled group. */
function Confirm(props: {
  label: string;
  question: string;
  yes: string;
  busy: boolean;
  onYes: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div role="group" aria-label={props.label}>
      <p>{props.question}</p>
      <div className="link-row">
        <button type="button" className="danger" disabled={props.busy} onClick={props.onYes}>{props.yes}</button>
        <button type="button" className="secondary" disabled={props.busy} onClick={props.onCancel}>
          {t("settings.cancel")}
        </button>
      </div>
    </div>
  );
}

// --- API keys -------------------------------------------------------------------------------------

function NewKey({ created, onDone }: { created: CreatedKey; onDone: () => void }) {
  const { t } = useTranslation();
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState("");
  const id = useId();

  useEffect(() => field.current?.focus(), []);

  async function copy() {
    field.current?.select();
    try {
      await navigator.clipboard.writeText(created.key);
      setCopied(t("settings.translation.keys.copied"));
    } catch {
      setCopied(t("settings.translation.keys.copyByHand"));
    }
  }

  return (
    <div className="secret-box" role="region" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t("settings.translation.keys.newTitle", { name: created.name })}</h3>
      <p id={`${id}-once`}><strong>{t("settings.translation.keys.shownOnce")}</strong></p>
      <label htmlFor={`${id}-key`}>{t("settings.translation.keys.theKey")}</label>
      <input
        id={`${id}-key`}
        ref={field}
        readOnly
        value={created.key}
        aria-describedby={`${id}-once`}
        spellCheck={false}
        autoComplete="off"
        onFocus={(event) => event.currentTarget.select()}
      />
      <div className="link-row">
        <button type="button" className="secondary" onClick={() => void copy()}>
          {t("settings.translation.keys.copy")}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          {t("settings.translation.keys.stored")}
        </button>
      </div>
      {copied && <p role="status">{copied}</p>}
    </div>
  );
}

function KeyRow({ item, onRevoked }: { item: ApiKey; onRevoked: (key: ApiKey) => void }) {
  const { t } = useTranslation();
  const times = useTimes();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<ApiErrorBody | null>(null);
  const [busy, setBusy] = useState(false);
  const when = (value: string) => times.dateTime(value);

  async function revoke() {
    setBusy(true);
    const result = await revokeKey(item.id, t("errors.network"));
    setBusy(false);
    if (result.ok) {
      setConfirming(false);
      onRevoked(result.data);
    } else setError(result.error);
  }

  return (
    <li>
      <div className="settings-row">
        <strong>{item.name}</strong>
        {item.revoked_at ? (
          <span className="badge muted-badge">{t("settings.translation.keys.revoked")}</span>
        ) : (
          <span className="badge">{t("settings.translation.keys.active")}</span>
        )}
      </div>
      <span className="muted small">
        <code>{item.prefix}…</code>{" · "}
        {t("settings.translation.keys.created", { date: when(item.created_at), by: item.created_by ?? "—" })}
      </span>
      <span className="muted small">
        {item.last_used_at
          ? t("settings.translation.keys.lastUsed", { date: when(item.last_used_at) })
          : t("settings.translation.keys.neverUsed")}
        {item.revoked_at && <> · {t("settings.translation.keys.revokedOn", { date: when(item.revoked_at) })}</>}
      </span>
      {!item.revoked_at && !confirming && (
        <div>
          <button type="button" className="secondary" onClick={() => setConfirming(true)}>
            {t("settings.translation.keys.revoke")}
            <span className="visually-hidden"> {item.name}</span>
          </button>
        </div>
      )}
      {confirming && (
        <Confirm
          label={t("settings.translation.keys.confirmLabel", { name: item.name })}
          question={t("settings.translation.keys.confirm", { name: item.name })}
          yes={t("settings.translation.keys.confirmRevoke")}
          busy={busy}
          onYes={() => void revoke()}
          onCancel={() => setConfirming(false)}
        />
      )}
      <ErrorText error={error} />
    </li>
  );
}

function ApiKeysPanel() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const query = useApiKeys(page);
  const keys: Page<ApiKey> | null = query.data ?? null;
  const loadError = query.isError ? asApiError(query.error, t("errors.network")) : null;
  const invalidate = useInvalidate();
  const [name, setName] = useState("");
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState<ApiErrorBody | null>(null);
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const [busy, setBusy] = useState(false);

  const load = () => invalidate("/api/translation/keys");

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFormError(null);
    if (!name.trim()) {
      setFieldErrors({ name: [t("settings.required")] });
      return;
    }
    setFieldErrors({});
    setBusy(true);
    const result = await createKey(name.trim(), t("errors.network"));
    setBusy(false);
    if (result.ok) {
      setCreated(result.data);
      setName("");
      setPage(1);
      void load();
    } else {
      setFieldErrors(result.error.fields);
      if (!Object.keys(result.error.fields).length) setFormError(result.error);
    }
  }

  const nameErrors = fieldErrors.name ?? [];
  return (
    <section className="card" aria-labelledby="keys-title">
      <h2 id="keys-title">{t("settings.translation.keys.title")}</h2>
      <p className="muted">{t("settings.translation.keys.intro")}</p>
      <form onSubmit={submit} noValidate className="inline-form">
        <label htmlFor="key-name">{t("settings.translation.keys.name")}</label>
        <input
          id="key-name"
          value={name}
          maxLength={100}
          onChange={(event) => setName(event.target.value)}
          aria-invalid={nameErrors.length > 0 || undefined}
          aria-describedby={["key-name-hint", nameErrors.length ? "key-name-error" : ""].join(" ").trim()}
        />
        <p id="key-name-hint" className="muted small">{t("settings.translation.keys.nameHint")}</p>
        <FieldError id="key-name-error" messages={nameErrors} />
        <button type="submit" className="primary" disabled={busy}>{t("settings.translation.keys.create")}</button>
        <ErrorText error={formError} />
      </form>
      {created && <NewKey created={created} onDone={() => setCreated(null)} />}
      <h3>{t("settings.translation.keys.listTitle")}</h3>
      {loadError && <ErrorText error={loadError} />}
      {!keys && !loadError && <QueryStatus query={query} />}
      {keys?.count === 0 && <p className="empty">{t("settings.translation.keys.empty")}</p>}
      {keys && keys.results.length > 0 && (
        <ul className="settings-list" aria-labelledby="keys-title" data-testid="api-keys">
          {keys.results.map((item) => (
            <KeyRow
              key={item.id}
              item={item}
              onRevoked={() => void load()}
            />
          ))}
        </ul>
      )}
      {keys && (
        <Pager page={page} count={keys.count} pageSize={PAGE_SIZE} onPage={setPage}
          label={t("settings.translation.keys.pages")} />
      )}
    </section>
  );
}

// --- Glossary -------------------------------------------------------------------------------------

const EMPTY_DRAFT: GlossaryDraft = {
  term: "", mode: "keep", translation: "", source_language: "", target_language: "",
};

function useLanguageCodes(): string[] {
  const installed = (useLanguages().data ?? []).map((language) => language.code);
  return [...new Set([...installed, ...UI_LANGUAGES.map((language) => language.code)])].sort();
}

function GlossaryRow({ entry, onRemoved }: { entry: GlossaryEntry; onRemoved: () => void }) {
  const { t, i18n } = useTranslation();
  const [error, setError] = useState<ApiErrorBody | null>(null);
  const [busy, setBusy] = useState(false);
  const name = (code: string) => languageName(code, i18n.language);

  async function remove() {
    setBusy(true);
    const result = await removeGlossaryEntry(entry.id, t("errors.network"));
    setBusy(false);
    if (result.ok) onRemoved();
    else setError(result.error);
  }

  const from = entry.source_language ? name(entry.source_language) : t("settings.translation.glossary.anyLanguage");
  return (
    <li>
      <div className="settings-row">
        <strong lang={entry.source_language || undefined}>{entry.term}</strong>
        <ConfirmButton
          disabled={busy}
          ariaLabel={t("settings.translation.glossary.removeLabel", { term: entry.term })}
          question={t("shell.confirm.removeTerm", { term: entry.term })}
          confirmLabel={t("settings.translation.glossary.remove")}
          onConfirm={() => void remove()}
        >
          {t("settings.translation.glossary.remove")}
        </ConfirmButton>
      </div>
      <span className="muted small">
        {entry.translation
          ? t("settings.translation.glossary.fixedAs", {
            translation: entry.translation,
            language: name(entry.target_language || ""),
          })
          : t("settings.translation.glossary.keptAs")}
        {" · "}
        {t("settings.translation.glossary.from", { language: from })}
      </span>
      <ErrorText error={error} />
    </li>
  );
}

function GlossaryPanel() {
  const { t, i18n } = useTranslation();
  const codes = useLanguageCodes();
  const [page, setPage] = useState(1);
  const query = useGlossary(page);
  const entries: Page<GlossaryEntry> | null = query.data ?? null;
  const loadError = query.isError ? asApiError(query.error, t("errors.network")) : null;
  const invalidate = useInvalidate();
  const [draft, setDraft] = useState<GlossaryDraft>(EMPTY_DRAFT);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState<ApiErrorBody | null>(null);
  const [saved, setSaved] = useState("");
  const [busy, setBusy] = useState(false);
  const id = useId();

  const load = () => invalidate("/api/translation/glossary");

  const change = (patch: Partial<GlossaryDraft>) => setDraft((current) => ({ ...current, ...patch }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFormError(null);
    setSaved("");
    const problems = glossaryProblems(draft, {
      required: t("settings.required"),
      target: t("settings.translation.glossary.targetRequired"),
    });
    setErrors(problems);
    if (Object.keys(problems).length) return;
    setBusy(true);
    const result = await addGlossaryEntry(draft, t("errors.network"));
    setBusy(false);
    if (result.ok) {
      setSaved(t("settings.translation.glossary.added", { term: result.data.term }));
      setDraft(EMPTY_DRAFT);
      void load();
    } else {
      setErrors(result.error.fields);
      if (!Object.keys(result.error.fields).length) setFormError(result.error);
    }
  }

  const described = (field: string, hint = false) =>
    [hint ? `${id}-${field}-hint` : "", errors[field]?.length ? `${id}-${field}-error` : ""].join(" ").trim() || undefined;
  const invalid = (field: string) => (errors[field]?.length ? true : undefined);
  const options = codes.map((code) => (
    <option key={code} value={code}>{languageName(code, i18n.language)}</option>
  ));

  return (
    <section className="card" aria-labelledby="glossary-title">
      <h2 id="glossary-title">{t("settings.translation.glossary.title")}</h2>
      <p className="muted">{t("settings.translation.glossary.intro")}</p>
      <form onSubmit={submit} noValidate className="inline-form">
        <label htmlFor={`${id}-term`}>{t("settings.translation.glossary.term")}</label>
        <input id={`${id}-term`} value={draft.term} maxLength={100} onChange={(event) => change({ term: event.target.value })}
          aria-invalid={invalid("term")} aria-describedby={described("term")} />
        <FieldError id={`${id}-term-error`} messages={errors.term} />
        <fieldset className="fieldset-plain">
          <legend>{t("settings.translation.glossary.mode")}</legend>
          <label className="checkbox">
            <input type="radio" name={`${id}-mode`} checked={draft.mode === "keep"} onChange={() => change({ mode: "keep" })} />
            {t("settings.translation.glossary.keep")}
          </label>
          <label className="checkbox">
            <input type="radio" name={`${id}-mode`} checked={draft.mode === "translate"} onChange={() => change({ mode: "translate" })} />
            {t("settings.translation.glossary.translate")}
          </label>
        </fieldset>
        {draft.mode === "translate" && (
          <>
            <label htmlFor={`${id}-translation`}>{t("settings.translation.glossary.translation")}</label>
            <input id={`${id}-translation`} value={draft.translation} maxLength={200}
              onChange={(event) => change({ translation: event.target.value })}
              aria-invalid={invalid("translation")} aria-describedby={described("translation")} />
            <FieldError id={`${id}-translation-error`} messages={errors.translation} />
            <label htmlFor={`${id}-target`}>{t("settings.translation.glossary.target")}</label>
            <select id={`${id}-target`} value={draft.target_language}
              onChange={(event) => change({ target_language: event.target.value })}
              aria-invalid={invalid("target_language")} aria-describedby={described("target_language")}>
              <option value="">{t("settings.translation.glossary.chooseLanguage")}</option>
              {options}
            </select>
            <FieldError id={`${id}-target_language-error`} messages={errors.target_language} />
          </>
        )}
        <label htmlFor={`${id}-source`}>{t("settings.translation.glossary.source")}</label>
        <select id={`${id}-source`} value={draft.source_language}
          onChange={(event) => change({ source_language: event.target.value })}
          aria-invalid={invalid("source_language")} aria-describedby={described("source_language", true)}>
          <option value="">{t("settings.translation.glossary.anyLanguage")}</option>
          {options}
        </select>
        <p id={`${id}-source_language-hint`} className="muted small">{t("settings.translation.glossary.sourceHint")}</p>
        <FieldError id={`${id}-source_language-error`} messages={errors.source_language} />
        <button type="submit" className="primary" disabled={busy}>{t("settings.translation.glossary.add")}</button>
        <ErrorText error={formError} />
        {saved && <p className="notice" role="status">{saved}</p>}
      </form>
      <h3>{t("settings.translation.glossary.listTitle")}</h3>
      {loadError && <ErrorText error={loadError} />}
      {!entries && !loadError && <QueryStatus query={query} />}
      {entries?.count === 0 && <p className="empty">{t("settings.translation.glossary.empty")}</p>}
      {entries && entries.results.length > 0 && (
        <ul className="settings-list" aria-labelledby="glossary-title" data-testid="glossary-entries">
          {entries.results.map((entry) => (
            <GlossaryRow key={entry.id} entry={entry} onRemoved={() => void load()} />
          ))}
        </ul>
      )}
      {entries && (
        <Pager page={page} count={entries.count} pageSize={PAGE_SIZE} onPage={setPage}
          label={t("settings.translation.glossary.pages")} />
      )}
    </section>
  );
}

// --- Language packages (admin) -------------------------------------------------------------------

type UploadState =
  | { phase: "idle" }
  | { phase: "sending"; percent: number }
  | { phase: "installing" }
  | { phase: "done"; installed: InstalledPackage }
  | { phase: "failed"; error: ApiErrorBody };

/** A package's two languages in the reader's language (the package's own names if unknown). */
function pairNames(item: { from_code: string; to_code: string; from_name: string; to_name: string }, language: string) {
  return {
    from: languageName(item.from_code, language) || item.from_name,
    to: languageName(item.to_code, language) || item.to_name,
  };
}

function PackageRow({ item, onRemoved }: { item: InstalledPackage; onRemoved: (pair: string) => void }) {
  const { t, i18n } = useTranslation();
  const times = useTimes();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiErrorBody | null>(null);
  const names = pairNames(item, i18n.language);

  async function remove() {
    setBusy(true);
    const result = await removePackage(item, t("errors.network"));
    setBusy(false);
    if (result.ok) onRemoved(t("settings.translation.packages.removed", names));
    else setError(result.error);
  }

  return (
    <li>
      <div className="settings-row">
        <strong>{t("settings.translation.packages.pair", names)}</strong>
        {!confirming && (
          <button type="button" className="secondary" onClick={() => setConfirming(true)}
            aria-label={t("settings.translation.packages.removeLabel", names)}>
            {t("settings.translation.packages.remove")}
          </button>
        )}
      </div>
      <span className="muted small">
        {t("settings.translation.packages.details", {
          version: item.package_version,
          size: formatBytes(item.size_bytes, i18n.language),
          date: times.dateTime(item.installed_at),
        })}
      </span>
      {item.demo && <p className="notice small" data-demo="true">{t("chat.demoPackage")}</p>}
      {confirming && (
        <Confirm
          label={t("settings.translation.packages.removeLabel", names)}
          question={t("settings.translation.packages.removeConfirm", names)}
          yes={t("settings.translation.packages.removeYes")}
          busy={busy}
          onYes={() => void remove()}
          onCancel={() => setConfirming(false)}
        />
      )}
      <ErrorText error={error} />
    </li>
  );
}

// --- Packages from the package index (admin) --------------------------------------------------------

const FAILURES = new Set([
  "checksum", "too_large", "wrong_pair", "unsafe_name", "incomplete", "unreachable", "not_package",
  "index_invalid", "interrupted",
]);

function DownloadProgress({ download, names }: { download: PackageDownload; names: { from: string; to: string } }) {
  const { t, i18n } = useTranslation();
  if (download.state === "done") {
    return (
      <p className="notice" role="status">
        {t("settings.translation.index.done", { ...names, version: download.package_version })}
      </p>
    );
  }
  if (download.state === "failed") {
    const code = FAILURES.has(download.error_code) ? download.error_code : "failed";
    return <p className="form-error" role="alert">{t(`settings.translation.index.failed.${code}`)}</p>;
  }
  const total = download.total_bytes ?? null;
  return (
    <div role="status">
      <p>
        {download.state === "queued"
          ? t("settings.translation.index.queued")
          : total
            ? t("settings.translation.index.downloading", {
                received: formatBytes(download.received_bytes, i18n.language),
                total: formatBytes(total, i18n.language),
              })
            : t("settings.translation.index.downloadingUnknown", {
                received: formatBytes(download.received_bytes, i18n.language),
              })}
      </p>
      {total ? (
        <progress max={total} value={download.received_bytes} aria-label={t("settings.translation.index.progress")} />
      ) : (
        <progress aria-label={t("settings.translation.index.progress")} />
      )}
    </div>
  );
}

function IndexRow({ item, onInstalled }: { item: IndexPackage; onInstalled: () => Promise<void> }) {
  const { t, i18n } = useTranslation();
  // The answer that started the download; from there its query follows it until it is done or failed.
  const [started, setStarted] = useState<PackageDownload | null>(null);
  const [startError, setStartError] = useState<ApiErrorBody | null>(null);
  const query = useDownload(started);
  const download = started ? (query.data ?? started) : null;
  const pollError = query.isError ? asApiError(query.error, t("errors.network")) : null;
  const error = startError ?? pollError;
  const names = pairNames(item, i18n.language);
  const done = download?.state === "done";

  // Installed: the list of installed packages and the languages are read again, once.
  useEffect(() => {
    if (done) void onInstalled();
  }, [done, onInstalled]);

  async function start() {
    setStartError(null);
    const result = await startDownload(item, t("errors.network"));
    if (result.ok) setStarted(result.data);
    else setStartError(result.error);
  }

  const busy = download !== null && downloadActive(download);
  return (
    <li data-pair={`${item.from_code}-${item.to_code}`}>
      <div className="settings-row">
        <strong>{t("settings.translation.packages.pair", names)}</strong>
        {item.status !== "installed" && download?.state !== "done" && (
          <button type="button" className="secondary" disabled={busy} onClick={() => void start()}
            aria-label={t("settings.translation.index.downloadLabel", names)}>
            {t(item.status === "newer" ? "settings.translation.index.update" : "settings.translation.index.download")}
          </button>
        )}
      </div>
      <span className="muted small">
        {t("settings.translation.index.details", {
          version: item.package_version,
          size: item.size === null ? t("settings.translation.index.sizeUnknown") : formatBytes(item.size, i18n.language),
        })}
        {" · "}
        {item.status === "newer"
          ? t("settings.translation.index.status.newer", { installed: item.installed_version ?? "" })
          : t(`settings.translation.index.status.${item.status}`)}
      </span>
      {download && <DownloadProgress download={download} names={names} />}
      <ErrorText error={error} />
    </li>
  );
}

/** What the package index offers, asked for by the admin (the only step that uses the network). */
function IndexPanel({ onInstalled }: { onInstalled: () => Promise<void> }) {
  const { t } = useTranslation();
  const [asked, setAsked] = useState(false);
  const query = usePackageIndex(asked);
  const listing = query.data ?? null;
  const loading = query.isFetching;
  const error = query.isError && !loading ? asApiError(query.error, t("errors.network")) : null;

  function load() {
    if (asked) void query.refetch();
    else setAsked(true);
  }

  return (
    <div className="stack" aria-labelledby="index-title" role="region">
      <h3 id="index-title">{t("settings.translation.index.title")}</h3>
      <p className="muted">{t("settings.translation.index.intro")}</p>
      <button type="button" className="secondary" disabled={loading} onClick={load}>
        {t(listing ? "settings.translation.index.reload" : "settings.translation.index.load")}
      </button>
      {loading && <p role="status">{t("settings.translation.index.loading")}</p>}
      <ErrorText error={error} />
      {listing && !listing.reachable && !loading && (
        <p className="form-error" role="alert" data-problem={listing.problem ?? ""}>
          {t(listing.problem === "index_invalid" ? "settings.translation.index.invalid" : "settings.translation.index.unreachable")}{" "}
          <a href="#package-file">{t("settings.translation.index.fromFile")}</a>
        </p>
      )}
      {listing?.reachable && listing.packages.length === 0 && (
        <p className="empty">{t("settings.translation.index.empty")}</p>
      )}
      {listing?.reachable && listing.packages.length > 0 && (
        <ul className="settings-list" aria-labelledby="index-title" data-testid="index-packages">
          {listing.packages.map((item) => (
            <IndexRow key={`${item.from_code}-${item.to_code}`} item={item} onInstalled={onInstalled} />
          ))}
        </ul>
      )}
    </div>
  );
}

// --- The organisation's rules (HR and admin) --------------------------------------------------------

function RulesPanel() {
  const { t } = useTranslation();
  const query = useRules();
  const setRules = useSetRules();
  // While a change is on its way the box shows it; the server's answer (or the old value) replaces it.
  const [pending, setPending] = useState<boolean | null>(null);
  const [error, setError] = useState<ApiErrorBody | null>(null);
  const [saved, setSaved] = useState(false);
  const keepAcronyms = pending ?? (query.data ? (query.data.keep_acronyms ?? true) : null);

  async function change(value: boolean) {
    setSaved(false);
    setPending(value);
    const result = await updateRules({ keep_acronyms: value }, t("errors.network"));
    setPending(null);
    if (result.ok) {
      setRules(result.data);
      setSaved(true);
      setError(null);
    } else setError(result.error);
  }

  return (
    <section className="card" aria-labelledby="rules-title">
      <h2 id="rules-title">{t("settings.translation.rules.title")}</h2>
      <p className="muted">{t("settings.translation.rules.intro")}</p>
      <QueryStatus query={query} />
      {keepAcronyms !== null && (
        <label className="checkbox">
          <input type="checkbox" checked={keepAcronyms} onChange={(event) => void change(event.target.checked)}
            aria-describedby="rules-acronyms-hint" />
          {t("settings.translation.rules.acronyms")}
        </label>
      )}
      <p id="rules-acronyms-hint" className="muted small">{t("settings.translation.rules.acronymsHint")}</p>
      {saved && <p className="notice" role="status">{t("settings.translation.rules.saved")}</p>}
      <ErrorText error={error} />
    </section>
  );
}

function PackagesPanel() {
  const { t, i18n } = useTranslation();
  const query = useInstalledPackages();
  const installed: InstalledPackage[] | null = query.data ?? null;
  const loadError = query.isError ? asApiError(query.error, t("errors.network")) : null;
  const [file, setFile] = useState<File | null>(null);
  const [upload, setUpload] = useState<UploadState>({ phase: "idle" });
  const [fileError, setFileError] = useState<string[]>([]);
  const [removed, setRemoved] = useState("");
  const input = useRef<HTMLInputElement>(null);

  // A package changes which languages can be translated: the language list is read again too.
  const load = usePackagesChanged();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFileError([]);
    if (!file) {
      setFileError([t("settings.translation.packages.chooseFile")]);
      return;
    }
    if (!file.name.toLowerCase().endsWith(".argosmodel")) {
      setFileError([t("settings.translation.packages.wrongType")]);
      return;
    }
    setUpload({ phase: "sending", percent: 0 });
    const result = await uploadPackage(
      file,
      (percent) => setUpload(percent >= 100 ? { phase: "installing" } : { phase: "sending", percent }),
      { network: t("errors.network"), tooLarge: t("settings.translation.packages.tooLarge") },
    );
    if (result.ok) {
      setUpload({ phase: "done", installed: result.data });
      setFile(null);
      if (input.current) input.current.value = "";
      void load();
    } else {
      setUpload({ phase: "failed", error: result.error });
      setFileError(result.error.fields.file ?? []);
    }
  }

  const busy = upload.phase === "sending" || upload.phase === "installing";
  return (
    <section className="card" aria-labelledby="packages-title">
      <h2 id="packages-title">{t("settings.translation.packages.title")}</h2>
      <p className="muted">{t("settings.translation.packages.intro")}</p>
      {loadError && <ErrorText error={loadError} />}
      {!installed && !loadError && <QueryStatus query={query} />}
      {removed && <p className="notice" role="status">{removed}</p>}
      {installed?.length === 0 && <p className="empty">{t("settings.translation.packages.empty")}</p>}
      {installed && installed.length > 0 && (
        <ul className="settings-list" aria-labelledby="packages-title" data-testid="packages">
          {installed.map((item) => (
            <PackageRow key={`${item.from_code}-${item.to_code}`} item={item} onRemoved={(message) => {
              setRemoved(message);
              void load();
            }} />
          ))}
        </ul>
      )}
      <form onSubmit={submit} noValidate className="inline-form">
        <label htmlFor="package-file">{t("settings.translation.packages.file")}</label>
        <input
          id="package-file"
          ref={input}
          type="file"
          accept=".argosmodel"
          disabled={busy}
          onChange={(event) => {
            setFile(event.target.files?.[0] ?? null);
            setFileError([]);
          }}
          aria-invalid={fileError.length > 0 || undefined}
          aria-describedby={["package-file-hint", fileError.length ? "package-file-error" : ""].join(" ").trim()}
        />
        <p id="package-file-hint" className="muted small">{t("settings.translation.packages.fileHint")}</p>
        <FieldError id="package-file-error" messages={fileError} />
        <button type="submit" className="primary" disabled={busy}>{t("settings.translation.packages.upload")}</button>
      </form>
      {upload.phase === "sending" && (
        <div role="status">
          <p>{t("settings.translation.packages.sending", { percent: upload.percent })}</p>
          <progress max={100} value={upload.percent} aria-label={t("settings.translation.packages.progress")} />
        </div>
      )}
      {upload.phase === "installing" && (
        <div role="status">
          <p>{t("settings.translation.packages.installing")}</p>
          <progress aria-label={t("settings.translation.packages.progress")} />
        </div>
      )}
      {upload.phase === "done" && (
        <p className="notice" role="status">
          {t("settings.translation.packages.installed", {
            ...pairNames(upload.installed, i18n.language),
            version: upload.installed.package_version,
          })}
        </p>
      )}
      {upload.phase === "failed" && !fileError.length && <ErrorText error={upload.error} />}
      <IndexPanel onInstalled={load} />
    </section>
  );
}

export function TranslationSettingsPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  return (
    <RoleGate allowed={TRANSLATION_SETTINGS_ROLES}>
      <div className="stack">
        <header className="page-header">
          <h1>{t("settings.translation.title")}</h1>
          <p className="muted">{t("settings.translation.intro")}</p>
        </header>
        <ApiKeysPanel />
        <GlossaryPanel />
        <RulesPanel />
        {me?.role === "admin" && <PackagesPanel />}
      </div>
    </RoleGate>
  );
}
