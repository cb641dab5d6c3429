// One poster as PNG bytes: the layout (templates.tsx) drawn by next/og's ImageResponse (satori, then sharp or
// resvg), with the bundled fonts and only data URIs inside, so a render never fetches anything.
import { ImageResponse } from "next/og";
import QRCode from "qrcode";
import sharp from "sharp";
import type { PosterTemplate } from "../contracts/enums";
import { posterFonts, printable } from "./fonts";
import type { PosterImage } from "./image";
import { PICTURE_BOX, POSTER_HEIGHT, POSTER_WIDTH, posterElement, type PosterContent } from "./templates";

/** The QR code of a link as an SVG data URI: sharp at any size, and cheap to make. */
export async function qrDataUri(link: string): Promise<string> {
  const svg = await QRCode.toString(link, { type: "svg", margin: 0, errorCorrectionLevel: "M", color: { dark: "#0f172a", light: "#ffffff" } });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}

export interface PosterInput {
  kind: PosterContent["kind"];
  title: string;
  subtitle: string;
  memberName: string;
  cta: string;
  /** What the QR code opens. */
  link: string;
  image: PosterImage | null;
}

/** Cropped pictures by image and template: a few activities × three templates, kept while the process runs. */
const fitted = new Map<string, string>();
const FITTED_MAX = 300;

/** The picture cropped to the template's box, as a data URI: the render then fetches nothing and scales nothing. */
async function pictureFor(template: PosterTemplate, image: PosterImage): Promise<string> {
  const key = `${image.hash}:${template}`;
  const hit = fitted.get(key);
  if (hit) return hit;
  const { width, height } = PICTURE_BOX[template];
  const jpeg = await sharp(image.jpeg).resize({ width, height, fit: "cover", position: "attention" }).jpeg({ quality: 82 }).toBuffer();
  const uri = `data:image/jpeg;base64,${jpeg.toString("base64")}`;
  if (fitted.size >= FITTED_MAX) fitted.delete(fitted.keys().next().value!);
  fitted.set(key, uri);
  return uri;
}

export async function renderPoster(template: PosterTemplate, input: PosterInput): Promise<Buffer> {
  const { fonts } = posterFonts();
  const content: PosterContent = {
    kind: input.kind,
    title: printable(input.title) || "美团优惠",
    subtitle: printable(input.subtitle),
    memberName: printable(input.memberName) || "好友",
    cta: printable(input.cta),
    image: input.image ? await pictureFor(template, input.image) : null,
    qr: await qrDataUri(input.link),
  };
  const res = new ImageResponse(posterElement(template, content), { width: POSTER_WIDTH, height: POSTER_HEIGHT, fonts });
  return Buffer.from(await res.arrayBuffer());
}

let warmed: Promise<void> | undefined;

/**
 * The first render in a process parses the fonts and starts the renderer (seconds, not milliseconds): the 推广
 * page starts it in the background once, so that the member's first poster does not wait for it.
 */
export function warmPosterRenderer(): void {
  warmed ??= renderPoster("simple", { kind: "activity", title: "美团优惠", subtitle: "", memberName: "会员", cta: "长按识别二维码，立即领取", link: "https://example.com/", image: null }).then(
    () => undefined,
    () => {
      warmed = undefined;
    },
  );
}
