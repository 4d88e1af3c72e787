// The public face of features/settings: other features import from here, never its files.
export { Pager } from "./Pager";
export { RoleGate } from "./RoleGate";
export { SettingsCard } from "./SettingsCard";
export { PRIVACY_ADMIN_ROLES, SIGN_IN_SETTINGS_ROLES, TRANSLATION_SETTINGS_ROLES } from "./pages";
