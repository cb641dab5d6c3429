// Union MD5 sign (Meituan Union's 签名规则): secret + k1v1 + … + knvn + secret over the keys except `sign`, sorted by UTF-16
// code unit, MD5 as lowercase hex. Used to verify pushes (callback secret) and to sign API calls (API secret).
import { createHash, timingSafeEqual } from "node:crypto";
import { signText, type RawJson } from "./raw-json";
import { SIGN_VARIANTS, type SignVariant } from "../contracts/enums";


export function unionSign(params: Record<string, RawJson>, secret: string, variant: SignVariant = "include-empty"): string {
  let s = secret;
  for (const key of Object.keys(params).filter((k) => k !== "sign").sort()) {
    const text = signText(params[key]);
    if (variant === "skip-empty" && text === "") continue;
    s += key + text;
  }
  return createHash("md5").update(s + secret, "utf8").digest("hex");
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Checks `sign` against each secret (the current one, and during a rotation the previous one) and both
 * empty-value conventions, since the sources disagree on empty values. Every comparison runs, in constant time.
 */
export function verifyUnionSign(
  params: Record<string, RawJson>,
  secrets: string[],
): { valid: true; variant: SignVariant } | { valid: false; variant: null } {
  const given = params.sign;
  const got = typeof given === "string" ? given.toLowerCase() : "";
  let match: SignVariant | null = null;
  for (const secret of secrets) {
    if (!secret) continue;
    for (const variant of SIGN_VARIANTS) {
      if (sameHex(unionSign(params, secret, variant), got) && match === null) match = variant;
    }
  }
  return match ? { valid: true, variant: match } : { valid: false, variant: null };
}
