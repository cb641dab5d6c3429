// How the console names a member: their name and masked login (张三 138****5678), never their internal id.
// One batched lookup per page (memberRefsOf), so a list reads its members in one query.
import { rawDb } from "../db";
import { q } from "../db/query";
import { maskUsername } from "../earnings/payout";
import type { MemberRef } from "../contracts/common";

/** "张三 138****5678"; the masked login alone when there is no name. */
export function memberLabel(m: { name: string | null; username: string }): string {
  const masked = maskUsername(m.username);
  return m.name ? `${m.name} ${masked}` : masked;
}

export const memberRef = (m: { id: string; name: string | null; username: string }): MemberRef => ({ id: m.id, label: memberLabel(m) });

/** Ids per statement, under SQLite's conservative bind-parameter limit. */
const CHUNK = 900;

/** The members these ids name (unknown ids are left out): one query per 900 distinct ids. */
export async function memberRefsOf(ids: Iterable<string | null | undefined>): Promise<Map<string, MemberRef>> {
  const unique = [...new Set([...ids].filter((id): id is string => !!id))];
  const out = new Map<string, MemberRef>();
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = await rawDb().rows(q.selectFrom("users").select(["id", "name", "username"]).where("id", "in", unique.slice(i, i + CHUNK)));
    for (const u of rows) out.set(u.id, memberRef(u));
  }
  return out;
}

/** How a member sees someone of their team: the name's first character and stars (李**), else the masked login. */
export function maskedPersonName(m: { name: string | null; username: string }): string {
  const name = m.name?.trim();
  if (!name) return maskUsername(m.username);
  const chars = [...name];
  return chars[0] + "*".repeat(Math.max(1, Math.min(2, chars.length - 1)));
}
