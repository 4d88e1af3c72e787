import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, asApiError, type Schemas } from "../../api/client";
import { QueryStatus } from "../../components/QueryStatus";
import { todayIso } from "../../i18n/format";
import { useHoursTable, useLanguageChanged } from "./queries";

/** Hours of study per CEFR step: the defaults, and this organisation's own values from a date. */
export function HoursTablePanel() {
  const { t } = useTranslation();
  const query = useHoursTable();
  const rows = query.data;
  const client = useQueryClient();
  const languageChanged = useLanguageChanged();
  // What HR typed over the values read; an untouched field shows the value read.
  const [edits, setEdits] = useState<Record<string, string>>({});
  const hours: Record<string, string> = { ...Object.fromEntries((rows ?? []).map((row) => [row.from_level, row.hours])), ...edits };
  const setHours = (next: Record<string, string>) => setEdits(next);
  const [validFrom, setValidFrom] = useState(todayIso());
  const [message, setMessage] = useState("");
  async function save() {
    setMessage("");
    const changed = (rows ?? []).filter((row) => hours[row.from_level] !== row.hours);
    const { data, error } = await api.PUT("/api/language/hours", {
      body: { valid_from: validFrom, steps: changed.map((row) => ({ from_level: row.from_level as Schemas["StepHoursItemRequest"]["from_level"], hours: hours[row.from_level] })) },
    });
    if (data) {
      // The answer is the table as it is now; plans reckon with it, so they are read again.
      client.setQueryData(["get", "/api/language/hours"], data);
      setEdits({});
      void languageChanged();
      setMessage(t("language.hours.saved"));
    } else {
      const body = asApiError(error, t("errors.network"));
      setMessage([body.detail, ...Object.values(body.fields).flat()].join(" "));
    }
  }
  return (
    <section className="card" aria-labelledby="hours-title">
      <h2 id="hours-title">{t("language.hours.title")}</h2>
      <p className="muted small">{t("language.hours.intro")}</p>
      <QueryStatus query={query} />
      <div className="hours-grid">
        {rows?.map((row) => (
          <label key={row.from_level}>
            {row.from_level} → {row.to_level}
            <input type="number" min="0.5" step="0.5" value={hours[row.from_level] ?? ""} onChange={(event) => setHours({ ...hours, [row.from_level]: event.target.value })} />
            <span className="muted small">{t(`language.hours.origin.${row.origin}`)}</span>
          </label>
        ))}
      </div>
      <label htmlFor="hours-from">{t("language.hours.validFrom")}</label>
      <input id="hours-from" type="date" value={validFrom} onChange={(event) => setValidFrom(event.target.value)} />
      <button type="button" className="primary" onClick={() => void save()}>{t("language.hours.save")}</button>
      {message && <p role="status" className="small">{message}</p>}
    </section>
  );
}
