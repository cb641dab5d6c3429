// A strict JSON reader that keeps every number's exact source text, because Meituan's sign is computed over
// the text as sent ("28.80" must stay "28.80"; JSON.parse would give 28.8). Node 20 has no reviver `source`.

export class RawNumber {
  constructor(readonly text: string) {}
}
export type RawJson = string | RawNumber | boolean | null | RawJson[] | { [key: string]: RawJson };

export class RawJsonError extends Error {}

const MAX_DEPTH = 32;

export function parseRawJson(text: string): RawJson {
  let i = 0;
  const fail = (what: string): never => {
    throw new RawJsonError(`${what} at position ${i}`);
  };
  const ws = () => {
    while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
  };
  const str = (): string => {
    i++; // opening quote
    let out = "";
    for (;;) {
      if (i >= text.length) fail("unterminated string");
      const c = text[i];
      if (c === '"') {
        i++;
        return out;
      }
      if (c === "\\") {
        const e = text[i + 1];
        const simple: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
        if (e in simple) {
          out += simple[e];
          i += 2;
        } else if (e === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else fail("bad escape");
      } else if (c < " ") {
        fail("control character in string");
      } else {
        out += c;
        i++;
      }
    }
  };
  const num = (): RawNumber => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) fail("bad number");
    i += m![0].length;
    return new RawNumber(m![0]);
  };
  const value = (depth: number): RawJson => {
    if (depth > MAX_DEPTH) fail("nesting too deep");
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      const obj: { [key: string]: RawJson } = Object.create(null);
      ws();
      if (text[i] === "}") {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail("expected key");
        const k = str();
        ws();
        if (text[i] !== ":") fail("expected ':'");
        i++;
        obj[k] = value(depth + 1);
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "}") {
          i++;
          return obj;
        } else fail("expected ',' or '}'");
      }
    }
    if (c === "[") {
      i++;
      const arr: RawJson[] = [];
      ws();
      if (text[i] === "]") {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value(depth + 1));
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "]") {
          i++;
          return arr;
        } else fail("expected ',' or ']'");
      }
    }
    if (c === '"') return str();
    if (text.startsWith("true", i)) return (i += 4), true;
    if (text.startsWith("false", i)) return (i += 5), false;
    if (text.startsWith("null", i)) return (i += 4), null;
    return num();
  };
  const result = value(0);
  ws();
  if (i !== text.length) fail("trailing characters");
  return result;
}

/** Compact JSON of a parsed value, numbers in their original text: what PHP's json_encode gives for arrays. */
export function toCompactJson(v: RawJson): string {
  if (v instanceof RawNumber) return v.text;
  if (Array.isArray(v)) return `[${v.map(toCompactJson).join(",")}]`;
  if (v !== null && typeof v === "object") {
    return `{${Object.keys(v).map((k) => `${JSON.stringify(k)}:${toCompactJson(v[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

/** The text a value contributes to the sign: scalars as written, null as empty, arrays/objects as compact JSON. */
export function signText(v: RawJson): string {
  if (v === null) return "";
  if (v instanceof RawNumber) return v.text;
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return String(v);
  return toCompactJson(v);
}
