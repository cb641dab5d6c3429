// Reading API responses without losing numbers: an 18-digit order id sent as a JSON number would be rounded by
// JSON.parse, and "28.80" sent as 28.80 would become 28.8. Numbers that a JS number holds exactly stay numbers;
// the others are kept as their source text.
import { parseRawJson, RawNumber, type RawJson } from "../raw-json";

export function plainOf(v: RawJson): unknown {
  if (v instanceof RawNumber) {
    const n = Number(v.text);
    return Number.isFinite(n) && String(n) === v.text ? n : v.text;
  }
  if (Array.isArray(v)) return v.map(plainOf);
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) out[k] = plainOf(v[k]);
    return out;
  }
  return v;
}

/** Parses JSON text losslessly; throws RawJsonError on invalid JSON. */
export function parseJsonLossless(text: string): unknown {
  // A UTF-8 byte-order mark is not JSON; some gateways send one.
  return plainOf(parseRawJson(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text));
}

export const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
