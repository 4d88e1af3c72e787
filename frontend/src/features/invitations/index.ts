// The public face of features/invitations: other features import from here, never its files.
export { InvitationsPanel } from "./InvitationsPanel";
