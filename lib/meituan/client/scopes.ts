// Which media (G3) queries reconciliation must make to see every order: Meituan's query_order keeps some
// kinds of order apart (as the media order query answers):
//   - platform 1 without businessLine returns every 到家 line except 商品超值券包 (7); a businessLine list that
//     contains 7 returns 券包 orders only, so 券包 is its own query (an orderId lookup too);
//   - platform 2 without businessLine returns 到餐 (1) only: every 到店 line has to be listed;
//   - 省钱包 (12) is served to scroll queries (searchType 2) without actId, which is how listings are made;
//   - 新客 CPA (999) has its own line.
import type { MediaScope } from "./types";

export const MEDIA_COUPON_PACK = 7;
export const MEDIA_SAVINGS_PACK = 12;
export const MEDIA_NEW_USER_CPA = 999;
/** Lines that Meituan serves only to a query asking for them alone. */
const ALONE = new Set([MEDIA_COUPON_PACK, MEDIA_SAVINGS_PACK, MEDIA_NEW_USER_CPA]);

export const DEFAULT_MEDIA_SCOPES: MediaScope[] = [
  { platform: 1 },
  { platform: 1, businessLine: [MEDIA_COUPON_PACK] },
  { platform: 1, businessLine: [MEDIA_SAVINGS_PACK] },
  { platform: 1, businessLine: [MEDIA_NEW_USER_CPA] },
  { platform: 2, businessLine: [1, 2, 3, 4, 5, 6, 15] },
];

/** The scopes in MEITUAN_MEDIA_SCOPES' form: `platform[:line,line…]` separated by `;`. */
export const formatMediaScopes = (scopes: MediaScope[]) => scopes.map((s) => (s.businessLine?.length ? `${s.platform}:${s.businessLine.join(",")}` : String(s.platform))).join(";");

/**
 * Parses MEITUAN_MEDIA_SCOPES, e.g. `1;1:7;1:12;1:999;2:1,2,3,4,5,6,15`. Throws with the reason when a scope
 * is malformed, or when 7, 12 or 999 shares its query with other lines (Meituan would silently drop the others).
 */
export function parseMediaScopes(text: string): MediaScope[] {
  const scopes: MediaScope[] = [];
  for (const part of text.split(";").map((p) => p.trim()).filter(Boolean)) {
    const m = /^([12])(?:\s*:\s*(\d+(?:\s*,\s*\d+)*))?$/.exec(part);
    if (!m) throw new Error(`"${part}" is not platform[:line,line…] with platform 1 or 2`);
    const platform = Number(m[1]);
    const lines = m[2] ? [...new Set(m[2].split(",").map((n) => Number(n.trim())))] : undefined;
    const apart = lines?.find((l) => ALONE.has(l));
    if (lines && apart !== undefined && lines.length > 1) throw new Error(`"${part}": businessLine ${apart} must be a scope of its own`);
    scopes.push(lines ? { platform, businessLine: lines } : { platform });
  }
  if (!scopes.length) throw new Error("no scope given");
  return scopes;
}
