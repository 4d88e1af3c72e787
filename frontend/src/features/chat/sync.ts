import type { Schemas } from "../../api/client";

export type ChatMessage = Schemas["Message"];

/**
 * Folds a batch of changes into what the reader already has: one entry per message (the latest
 * copy wins, by changed_seq), deleted ones removed, ordered by the channel's sequence. Applying the
 * same batch twice changes nothing, so catching up after being offline never duplicates a message.
 */
export function mergeMessages(current: ChatMessage[], changes: ChatMessage[]): ChatMessage[] {
  const byId = new Map(current.map((message) => [message.id, message]));
  for (const change of changes) {
    const known = byId.get(change.id);
    if (known && known.changed_seq > change.changed_seq) continue;
    if (change.deleted) byId.delete(change.id);
    else byId.set(change.id, change);
  }
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

/** Member ids named as "@Name" in a text (longest names first, so "@Ann Marie" beats "@Ann"). */
export function mentionedIds(body: string, members: Schemas["Person"][]): number[] {
  const found = new Set<number>();
  let rest = body;
  for (const member of [...members].sort((a, b) => b.name.length - a.name.length)) {
    const token = `@${member.name}`;
    if (rest.includes(token)) {
      found.add(member.id);
      rest = rest.split(token).join(" ");
    }
  }
  return [...found];
}
