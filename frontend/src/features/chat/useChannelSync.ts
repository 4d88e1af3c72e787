import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "../../api/client";
import { mergeMessages, type ChatMessage } from "./sync";

const WAIT_SECONDS = 20;
const RETRY_MS = 2000;

export type SyncState = "loading" | "live" | "offline" | "gone";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Keeps a channel's messages current: loads the latest, then asks "what changed after my cursor?"
 * and lets the server hold the question up to 20 s (long polling); when the server is holding too
 * many such questions it answers at once with `retry_after`, and the next question waits that long.
 * After a network error or a laptop waking up it asks again with the same cursor, so it catches up
 * in order.
 */
export function useChannelSync(channelId: number) {
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [state, setState] = useState<SyncState>("loading");
  const cursor = useRef<number | null>(null);

  const apply = useCallback((changes: ChatMessage[]) => {
    if (changes.length) setMessages((current) => mergeMessages(current, changes));
  }, []);

  useEffect(() => {
    let stopped = false;
    const controller = new AbortController();
    // A new channel id comes with a new component (ChannelPage keys it), so messages and state start
    // empty and "loading"; only the cursor is reset here.
    cursor.current = null;

    async function step(): Promise<void> {
      const query = cursor.current === null ? {} : { after: cursor.current, wait: WAIT_SECONDS };
      const { data, response } = await api.GET("/api/chat/channels/{id}/messages", {
        params: { path: { id: channelId }, query },
        signal: controller.signal,
      });
      if (response.status === 404) {
        stopped = true;
        setState("gone");
        return;
      }
      if (!data) throw new Error(`sync failed: ${response.status}`);
      const fresh = cursor.current === null;
      setMessages((current) => mergeMessages(fresh ? [] : current, data.messages));
      cursor.current = Math.max(cursor.current ?? 0, data.cursor);
      setState("live");
      // The server answered at once because it holds too many waiting readers: ask again shortly.
      if (data.retry_after > 0) await pause(data.retry_after * 1000);
    }

    async function run() {
      while (!stopped) {
        try {
          await step();
        } catch {
          if (stopped) return;
          setState((current) => (current === "loading" ? current : "offline"));
          await pause(RETRY_MS);
        }
      }
    }
    void run();
    return () => {
      stopped = true;
      controller.abort();
    };
  }, [channelId]);

  return { messages, state, apply };
}
