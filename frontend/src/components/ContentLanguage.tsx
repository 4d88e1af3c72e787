import { useTranslation } from "react-i18next";
import type { Schemas } from "../api/client";
import { languageName } from "../i18n/format";

type Meta = Schemas["ContentLanguage"];

/** Says which language a piece of content is shown in when it is not the reader's, and marks text
 * drafted without a native speaker. The text itself is marked with its language (`lang`) so screen
 * readers and the browser's bidi algorithm treat it right. */
export function ContentLanguageNote({ meta, compact = false }: { meta: Meta; compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const notes: { key: string; text: string }[] = [];
  if (meta.is_fallback) {
    notes.push({
      key: "fallback",
      text: t("content.fallback", {
        requested: languageName(meta.requested_language, i18n.language),
        shown: languageName(meta.language, i18n.language),
      }),
    });
  }
  if (!meta.reviewed) notes.push({ key: "unreviewed", text: t("content.unreviewed") });
  if (!notes.length) return null;
  return (
    <span className={`content-language${compact ? " small" : ""}`} data-testid="content-language">
      {notes.map((note) => (
        <span key={note.key} className={`badge content-${note.key}`} data-note={note.key}>
          {note.text}
        </span>
      ))}
    </span>
  );
}
