// Code → where it goes, on the redirect's hot path: a small in-memory LRU in front of one indexed lookup
// (short_links by primary key, joined to the member link and the member). An entry is trusted for a few seconds
// only, and disabling a member drops theirs at once in this process, so a disabled member's links stop sending
// visitors to their sid within seconds on every instance.
import { rawDb } from "../db";
import { prepare, q } from "../db/query";
import { storedCode, LINK_TYPES, type LinkType } from "../contracts/enums";

export interface LinkTarget {
  code: string;
  memberId: string;
  activityId: number;
  linkType: LinkType;
  /** Meituan's link, carrying the member's sid. */
  url: string;
  disabled: boolean;
}

const MAX_ENTRIES = 10_000;
export const TARGET_TTL_MS = 5_000;

interface Entry {
  target: LinkTarget;
  until: number;
}

const state = globalThis as unknown as { __cpsShortLinks?: Map<string, Entry> };
const lru = () => (state.__cpsShortLinks ??= new Map());

const lookup = prepare<{ code: string }>()((p) =>
  q
    .selectFrom("short_links as s")
    .innerJoin("promotion_links as l", (j) => j.onRef("l.memberId", "=", "s.memberId").onRef("l.activityId", "=", "s.activityId").onRef("l.linkType", "=", "s.linkType"))
    .innerJoin("users as u", "u.id", "s.memberId")
    .select(["s.code", "s.memberId", "s.activityId", "s.linkType", "l.url", "u.disabled"])
    .where("s.code", "=", p.code),
);

/** The code's target, or null for an unknown code. */
export async function resolveCode(code: string, now = Date.now()): Promise<LinkTarget | null> {
  const cache = lru();
  const hit = cache.get(code);
  if (hit && hit.until > now) {
    // Most recently used last: Map keeps insertion order, so the first key is the one to evict.
    cache.delete(code);
    cache.set(code, hit);
    return hit.target;
  }
  const row = await rawDb().row(lookup({ code }));
  if (!row) {
    cache.delete(code);
    return null;
  }
  const target: LinkTarget = { ...row, linkType: storedCode(LINK_TYPES, row.linkType), disabled: !!row.disabled };
  cache.delete(code);
  cache.set(code, { target, until: now + TARGET_TTL_MS });
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  return target;
}

/** Drops a member's cached codes (called when the member is disabled or enabled). */
export function forgetMember(memberId: string) {
  const cache = lru();
  for (const [code, e] of cache) if (e.target.memberId === memberId) cache.delete(code);
}
