// The public face of features/notifications: other features import from here, never its files.
export { NotificationsPanel } from "./NotificationList";
export { useUnreadCount } from "./queries";
