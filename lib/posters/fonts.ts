// The poster fonts: Noto Sans SC from @fontsource (bundled through npm, so a bare machine renders Chinese), the
// simplified-Chinese subset and the Latin subset, regular and bold, read once per process. Satori keeps what it
// parsed per fonts array, so the one array below is parsed once too.
// Satori asks a CDN for any character no font covers (emoji, rare characters), which this server must never do:
// `printable` drops such characters before they reach the renderer, from each font's own character map.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { inflateSync } from "node:zlib";

const WEIGHTS = [400, 700] as const;
const SUBSETS = ["chinese-simplified", "latin"] as const;

export interface PosterFont {
  name: string;
  data: Buffer;
  weight: (typeof WEIGHTS)[number];
  style: "normal";
}

function fontDir(): string {
  // Resolved from the app's root at run time: a bundled server's own module URL is not where node_modules is.
  const require = createRequire(path.join(process.cwd(), "package.json"));
  return path.join(path.dirname(require.resolve("@fontsource/noto-sans-sc/package.json")), "files");
}

/** The sfnt table `tag` of a WOFF 1.0 file, inflated. */
function woffTable(woff: Buffer, tag: string): Buffer | null {
  if (woff.toString("latin1", 0, 4) !== "wOFF") throw new Error("not a WOFF font");
  const tables = woff.readUInt16BE(12);
  for (let i = 0; i < tables; i++) {
    const at = 44 + i * 20;
    if (woff.toString("latin1", at, at + 4) !== tag) continue;
    const offset = woff.readUInt32BE(at + 4);
    const compressed = woff.readUInt32BE(at + 8);
    const original = woff.readUInt32BE(at + 12);
    const raw = woff.subarray(offset, offset + compressed);
    return compressed < original ? inflateSync(raw) : raw;
  }
  return null;
}

/** Every code point the font maps to a glyph (cmap formats 4 and 12). */
export function codePoints(woff: Buffer): Set<number> {
  const cmap = woffTable(woff, "cmap");
  const out = new Set<number>();
  if (!cmap) return out;
  const count = cmap.readUInt16BE(2);
  for (let i = 0; i < count; i++) {
    const sub = cmap.readUInt32BE(4 + i * 8 + 4);
    const format = cmap.readUInt16BE(sub);
    if (format === 12) {
      const groups = cmap.readUInt32BE(sub + 12);
      for (let g = 0; g < groups; g++) {
        const start = cmap.readUInt32BE(sub + 16 + g * 12);
        const end = cmap.readUInt32BE(sub + 20 + g * 12);
        for (let c = start; c <= end; c++) out.add(c);
      }
    } else if (format === 4) {
      const segments = cmap.readUInt16BE(sub + 6) / 2;
      const ends = sub + 14;
      const starts = ends + segments * 2 + 2;
      const deltas = starts + segments * 2;
      const rangeOffsets = deltas + segments * 2;
      for (let s = 0; s < segments; s++) {
        const end = cmap.readUInt16BE(ends + s * 2);
        const start = cmap.readUInt16BE(starts + s * 2);
        const delta = cmap.readInt16BE(deltas + s * 2);
        const rangeOffset = cmap.readUInt16BE(rangeOffsets + s * 2);
        for (let c = start; c <= end && c !== 0xffff; c++) {
          let glyph: number;
          if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
          else {
            const at = rangeOffsets + s * 2 + rangeOffset + (c - start) * 2;
            glyph = cmap.readUInt16BE(at);
            if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
          }
          if (glyph !== 0) out.add(c);
        }
      }
    }
  }
  return out;
}

interface LoadedFonts {
  fonts: PosterFont[];
  covered: Set<number>;
}

let loaded: LoadedFonts | undefined;

/** The fonts, read and indexed on first use. */
export function posterFonts(): LoadedFonts {
  if (loaded) return loaded;
  const dir = fontDir();
  const fonts: PosterFont[] = [];
  const covered = new Set<number>();
  for (const subset of SUBSETS) {
    for (const weight of WEIGHTS) {
      const data = readFileSync(path.join(dir, `noto-sans-sc-${subset}-${weight}-normal.woff`));
      fonts.push({ name: "Noto Sans SC", data, weight, style: "normal" });
      if (weight === WEIGHTS[0]) for (const c of codePoints(data)) covered.add(c);
    }
  }
  loaded = { fonts, covered };
  return loaded;
}

/** The text without the characters no poster font can draw (emoji, rare characters); whitespace is kept. */
export function printable(text: string): string {
  const { covered } = posterFonts();
  let out = "";
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (covered.has(c) || /\s/.test(ch)) out += ch;
  }
  return out.replace(/\s+/g, " ").trim();
}
