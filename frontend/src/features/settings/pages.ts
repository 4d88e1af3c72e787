import type { Role } from "../../api/client";

/** Who reaches which settings page: the same roles the API lets in (see each page's RoleGate). */
export const TRANSLATION_SETTINGS_ROLES: readonly Role[] = ["hr", "admin"];
export const PRIVACY_ADMIN_ROLES: readonly Role[] = ["hr", "admin"];
export const SIGN_IN_SETTINGS_ROLES: readonly Role[] = ["admin"];

export const SETTINGS_PAGES = [
  { path: "/settings/translation", label: "settings.card.translation", roles: TRANSLATION_SETTINGS_ROLES },
  { path: "/settings/privacy", label: "settings.card.privacy", roles: PRIVACY_ADMIN_ROLES },
  { path: "/settings/sign-in", label: "settings.card.signIn", roles: SIGN_IN_SETTINGS_ROLES },
] as const;
