// Writes the PWA's icons (public/icons/*.png) from one SVG: 美团 yellow, a rounded square, 「推」 and a ¥ mark.
// Run once after changing the design (`node scripts/pwa-icons.mjs`); the PNGs are committed. Needs a CJK font
// (fonts-noto-cjk) for the glyph and sharp (installed with Next.js).
import { mkdirSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";

const OUT = path.resolve(import.meta.dirname, "../public/icons");
// Maskable icons keep their content inside the middle 80% circle: the glyph is sized for that safe zone.
const svg = (size, radius) => `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 512 512">
  <rect width="512" height="512" rx="${radius}" fill="#FFC300"/>
  <text x="256" y="318" text-anchor="middle" font-family="Noto Serif CJK SC, Noto Sans CJK SC, sans-serif" font-weight="700" font-size="230" fill="#1E293B">推</text>
  <circle cx="370" cy="360" r="58" fill="#1E293B"/>
  <text x="370" y="385" text-anchor="middle" font-family="DejaVu Sans, sans-serif" font-weight="700" font-size="72" fill="#FFC300">¥</text>
</svg>`;

mkdirSync(OUT, { recursive: true });
for (const [name, size, radius] of [
  ["icon-192.png", 192, 96],
  ["icon-512.png", 512, 96],
  ["icon-maskable-512.png", 512, 0],
  ["apple-touch-icon.png", 180, 0],
]) {
  await sharp(Buffer.from(svg(size, radius))).resize(size, size).png().toFile(path.join(OUT, name));
  console.log(`wrote public/icons/${name}`);
}
