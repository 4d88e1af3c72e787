import { describe, expect, it } from "vitest";
import { mentionedIds, mergeMessages, type ChatMessage } from "./sync";

function message(id: number, seq: number, changed_seq: number, extra: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id, seq, changed_seq, channel: 1, author: null, mine: false, body: `m${id}`, language: "en",
    created_at: "2026-01-01T10:00:00Z", edited_at: null, deleted: false, mentions: [],
    shown: { language: "en", text: `m${id}`, status: "original", translated_from: null, origin: null, reason: null,
      reason_code: null, pending_until: null, demo: false, notice: null },
    ...extra,
  };
}

describe("mergeMessages", () => {
  it("keeps one copy per message in posting order, newest copy winning", () => {
    const first = mergeMessages([], [message(2, 2, 2), message(1, 1, 1)]);
    const again = mergeMessages(first, [message(1, 1, 3, { body: "edited" }), message(2, 2, 2)]);
    expect(again.map((m) => [m.id, m.body])).toEqual([[1, "edited"], [2, "m2"]]);
    expect(mergeMessages(again, [message(1, 1, 1)])[0].body).toBe("edited");
  });

  it("removes deleted messages", () => {
    const merged = mergeMessages([message(1, 1, 1)], [message(1, 1, 2, { deleted: true })]);
    expect(merged).toEqual([]);
  });
});

describe("mentionedIds", () => {
  it("finds members named with @", () => {
    const members = [{ id: 1, name: "Ann" }, { id: 2, name: "Ann Marie" }, { id: 3, name: "Piotr" }];
    expect(mentionedIds("Hi @Ann Marie and @Piotr", members).sort()).toEqual([2, 3]);
    expect(mentionedIds("no one", members)).toEqual([]);
  });
});
