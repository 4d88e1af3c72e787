import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { languageName } from "../../i18n/format";

/** Says plainly when a text is not in the reader's language, or was made by a machine. */
export function TranslationNotice({ module }: { module: Schemas["ModuleSummary"] }) {
  const { t, i18n } = useTranslation();
  const notes: string[] = [];
  if (module.is_fallback) {
    notes.push(
      t("modules.fallback", {
        requested: languageName(module.requested_locale, i18n.language),
        shown: languageName(module.locale, i18n.language),
      }),
    );
  }
  if (!module.reviewed) notes.push(t("content.unreviewed"));
  if (module.translation_status === "machine_unreviewed") notes.push(t("modules.machineUnreviewed"));
  if (module.translation_status === "approved") notes.push(t("modules.machineApproved"));
  if (module.translation_outdated) notes.push(t("modules.machineOutdated"));
  if (!notes.length) return null;
  return (
    <div className="translation-notice" data-status={module.translation_status}>
      {notes.map((note) => (
        <p key={note}>{note}</p>
      ))}
    </div>
  );
}
