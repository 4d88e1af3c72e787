import type { Role } from "../../api/client";

/** Who reaches which settings page: the same roles the API lets in (see each page's RoleGate). */
export const TRANSLATION_SETTINGS_ROLES: readonly Role[] = ["hr", "admin"];
export const PRIVACY_ADMIN_ROLES: readonly Role[] = ["hr", "admin"];

export const SETTINGS_PAGES = [
  { path: "/settings/translation", label: "settings.card.translation", roles: TRANSLATION_SETTINGS_ROLES },
  { path: "/settings/privacy", label: "settings.card.privacy", roles: PRIVACY_ADMIN_ROLES },
] as const;
