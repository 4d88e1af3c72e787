import { useTranslation } from "react-i18next";
import { formatNumber } from "../../i18n/format";
import { pageCount } from "./paging";

/** Previous / next for a paginated list, with "page 2 of 5" for screen readers and eyes alike. */
export function Pager({
  page,
  count,
  pageSize,
  onPage,
  label,
}: {
  page: number;
  count: number;
  pageSize: number;
  onPage: (page: number) => void;
  label: string;
}) {
  const { t, i18n } = useTranslation();
  const pages = pageCount(count, pageSize);
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" className="secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {t("settings.pager.previous")}
      </button>
      <span aria-live="polite">
        {t("settings.pager.position", {
          page: formatNumber(page, i18n.language),
          pages: formatNumber(pages, i18n.language),
        })}
      </span>
      <button type="button" className="secondary" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {t("settings.pager.next")}
      </button>
    </nav>
  );
}
