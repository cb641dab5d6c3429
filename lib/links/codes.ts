// Our short codes: one per member link (member × activity × link type), 8 base62 characters from a CSPRNG
// (62^8 ≈ 2.2 × 10^14), so walking codes finds nobody's link. Made the first time the member's link is shown.
import { randomBytes } from "node:crypto";
import { rawDb } from "../db";
import { q } from "../db/query";
import type { LinkType } from "../contracts/enums";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
export const CODE_LENGTH = 8;
export const CODE_PATTERN = /^[0-9A-Za-z]{8}$/;

/** A fresh code; bytes ≥ 248 are skipped so every character is equally likely (248 = 4 × 62). */
export function newCode(): string {
  let code = "";
  while (code.length < CODE_LENGTH) {
    for (const b of randomBytes(16)) {
      if (b < 248 && code.length < CODE_LENGTH) code += ALPHABET[b % 62];
    }
  }
  return code;
}

/** Only links a browser can be sent to get a short code (not a 团口令 text or a mini-program path). */
export const isRedirectable = (url: string) => /^(https?:\/\/|imeituan:\/\/)/i.test(url);

/** The public URL of a code: NEXTAUTH_URL (the app's public address) when set, else the request's origin. */
export function shortUrlOf(code: string, origin?: string): string {
  const base = (process.env.NEXTAUTH_URL || origin || `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/+$/, "");
  return `${base}/s/${code}`;
}

/** The member link's code, made on first use. Two requests at once both end with the one code stored first. */
export async function ensureShortCode(link: { memberId: string; activityId: number; linkType: LinkType }): Promise<string> {
  const raw = rawDb();
  const existing = () =>
    raw.row(q.selectFrom("short_links").select("code").where("memberId", "=", link.memberId).where("activityId", "=", link.activityId).where("linkType", "=", link.linkType));
  for (let attempt = 0; attempt < 5; attempt++) {
    const found = await existing();
    if (found) return found.code;
    // A conflict on either key does nothing: the member's code already exists (read again), or the code is taken.
    await raw.rows(q.insertInto("short_links").values({ code: newCode(), ...link, createdAt: new Date() }).onConflict((oc) => oc.doNothing()));
  }
  const found = await existing();
  if (!found) throw new Error("could not allocate a short code");
  return found.code;
}
