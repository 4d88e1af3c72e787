import { useQueryClient } from "@tanstack/react-query";
import { $api } from "../../api/query";

const LIST = ["get", "/api/notifications"] as const;
const UNREAD = ["get", "/api/notifications/unread"] as const;

/** How many notifications wait unread (the badge in the navigation); asked again every minute. */
export function useUnreadCount(enabled: boolean): number {
  const { data } = $api.useQuery("get", "/api/notifications/unread", {}, { enabled, refetchInterval: 60_000 });
  return data?.unread ?? 0;
}

export function useNotifications() {
  return $api.useQuery("get", "/api/notifications");
}

/** After a notification is read: the list and the badge show it at once. */
function useRefresh() {
  const client = useQueryClient();
  return () => Promise.all([client.invalidateQueries({ queryKey: LIST }), client.invalidateQueries({ queryKey: UNREAD })]);
}

export function useMarkRead() {
  const refresh = useRefresh();
  return $api.useMutation("post", "/api/notifications/{id}/read", { onSettled: refresh });
}

export function useMarkAllRead() {
  const refresh = useRefresh();
  return $api.useMutation("post", "/api/notifications/read-all", { onSettled: refresh });
}
