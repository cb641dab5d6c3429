// The three poster layouts, 750×1334 (a phone screen at 2×, what WeChat shows full-screen on a long press).
// Satori draws a subset of CSS: every element with more than one child is a flex box, sizes are pixels.
import type { ReactElement } from "react";
import type { PosterTemplate } from "../contracts/enums";

export const POSTER_WIDTH = 750;
export const POSTER_HEIGHT = 1334;

/** The size each template draws the activity's picture at: the image is cropped to it before the render, so the
 *  rasterizer draws it 1:1 instead of scaling and clipping it. */
export const PICTURE_BOX: Record<PosterTemplate, { width: number; height: number }> = {
  simple: { width: 654, height: 480 },
  photo: { width: 750, height: 860 },
  invite: { width: 626, height: 352 },
};

export interface PosterContent {
  kind: "activity" | "invite";
  /** The activity's name, or the invite's headline. */
  title: string;
  /** The activity's description, or the invite's pitch; may be empty. */
  subtitle: string;
  /** The activity image as a data URI at the template's PICTURE_BOX size, or null: the template draws its placeholder. */
  image: string | null;
  /** The member's display name (their name, else their masked login). */
  memberName: string;
  /** The QR code of the member's link, as an SVG data URI. */
  qr: string;
  /** One line under the QR code. */
  cta: string;
}

const FONT = "Noto Sans SC";

/** At most `max` characters (by code point), an ellipsis when cut: satori does not clamp lines reliably. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

/** The call to action as lines, broken after its comma: a narrow column must not strand the last character. */
function CtaLines({ cta, style }: { cta: string; style: Record<string, string | number> }) {
  const lines = cta.split(/(?<=，)/);
  return (
    <div style={{ display: "flex", flexDirection: "column", ...style }}>
      {lines.map((line, i) => (
        <div key={i} style={{ display: "flex" }}>
          {line.replace(/，$/, "")}
        </div>
      ))}
    </div>
  );
}

/** Drawn where an activity has no usable image: the brand's colours and a coupon, never an empty box. */
function Placeholder({ width, height, tone, corners }: { width: number; height: number; tone: "light" | "dark"; corners: Corners }) {
  const light = tone === "light";
  return (
    <div
      style={{
        width,
        height,
        display: "flex",
        flexDirection: "column",
        alignItems: "center",
        justifyContent: "center",
        ...corners,
        backgroundImage: light ? "linear-gradient(135deg, #fde68a 0%, #fbbf24 100%)" : "linear-gradient(135deg, #f59e0b 0%, #ea580c 100%)",
      }}
    >
      <div
        style={{
          display: "flex",
          alignItems: "center",
          justifyContent: "center",
          width: Math.round(width * 0.42),
          height: Math.round(width * 0.2),
          borderRadius: 24,
          backgroundColor: light ? "#ffffff" : "#fff7ed",
          color: "#ea580c",
          fontSize: Math.round(width * 0.07),
          fontWeight: 700,
        }}
      >
        美团优惠
      </div>
      <div style={{ display: "flex", marginTop: 24, fontSize: 30, color: light ? "#92400e" : "#fff7ed" }}>吃喝玩乐 · 天天有券</div>
    </div>
  );
}

/** Rounded corners for a picture, drawn on the picture itself: clipping a container (overflow hidden) costs the
 *  rasterizer several times the whole render. */
type Corners = { borderTopLeftRadius?: number; borderTopRightRadius?: number; borderBottomLeftRadius?: number; borderBottomRightRadius?: number };

function Picture({ src, width, height, tone, corners = {} }: { src: string | null; width: number; height: number; tone: "light" | "dark"; corners?: Corners }) {
  return src ? (
    // eslint-disable-next-line @next/next/no-img-element, jsx-a11y/alt-text
    <img src={src} width={width} height={height} style={{ width, height, objectFit: "cover", ...corners }} />
  ) : (
    <Placeholder width={width} height={height} tone={tone} corners={corners} />
  );
}

function Qr({ src, size }: { src: string; size: number }) {
  // eslint-disable-next-line @next/next/no-img-element, jsx-a11y/alt-text
  return <img src={src} width={size} height={size} style={{ width: size, height: size }} />;
}

/** 简约: a white card with the picture, the title and the pitch; the QR code and who recommends it below. */
function Simple(c: PosterContent) {
  return (
    <div style={{ width: POSTER_WIDTH, height: POSTER_HEIGHT, display: "flex", flexDirection: "column", backgroundColor: "#fff7ed", fontFamily: FONT, padding: 48 }}>
      <div style={{ display: "flex", alignItems: "center", fontSize: 30, color: "#b45309", fontWeight: 700 }}>
        美团联盟 · {c.kind === "invite" ? "推广伙伴招募" : "好物推荐"}
      </div>
      <div style={{ display: "flex", flexDirection: "column", marginTop: 32, backgroundColor: "#ffffff", borderRadius: 32 }}>
        <Picture src={c.image} {...PICTURE_BOX.simple} tone="light" corners={{ borderTopLeftRadius: 32, borderTopRightRadius: 32 }} />
        <div style={{ display: "flex", flexDirection: "column", padding: "36px 40px 40px" }}>
          <div style={{ display: "flex", fontSize: 52, fontWeight: 700, color: "#0f172a", lineHeight: 1.3 }}>{clip(c.title, 24)}</div>
          {c.subtitle ? <div style={{ display: "flex", marginTop: 16, fontSize: 30, color: "#64748b", lineHeight: 1.5 }}>{clip(c.subtitle, 44)}</div> : null}
        </div>
      </div>
      <div style={{ display: "flex", flex: 1, alignItems: "center", marginTop: 40 }}>
        <div style={{ display: "flex", padding: 16, backgroundColor: "#ffffff", borderRadius: 24 }}>
          <Qr src={c.qr} size={248} />
        </div>
        <div style={{ display: "flex", flexDirection: "column", marginLeft: 40, flex: 1 }}>
          <div style={{ display: "flex", fontSize: 34, fontWeight: 700, color: "#0f172a" }}>{clip(c.memberName, 10)} 为你推荐</div>
          <CtaLines cta={c.cta} style={{ marginTop: 20, fontSize: 30, color: "#ea580c", lineHeight: 1.4 }} />
          <div style={{ display: "flex", marginTop: 20, fontSize: 24, color: "#94a3b8" }}>美团官方活动 · 下单即享优惠</div>
        </div>
      </div>
    </div>
  );
}

/** 活动大图: the picture fills the top, the title over it; the QR code on an amber panel below. */
function Photo(c: PosterContent) {
  return (
    <div style={{ width: POSTER_WIDTH, height: POSTER_HEIGHT, display: "flex", flexDirection: "column", backgroundColor: "#fbbf24", fontFamily: FONT }}>
      <div style={{ display: "flex", position: "relative", width: POSTER_WIDTH, height: 860 }}>
        <Picture src={c.image} {...PICTURE_BOX.photo} tone="dark" />
        <div
          style={{
            position: "absolute",
            left: 0,
            bottom: 0,
            width: POSTER_WIDTH,
            display: "flex",
            flexDirection: "column",
            padding: "120px 48px 40px",
            backgroundImage: "linear-gradient(180deg, rgba(15,23,42,0) 0%, rgba(15,23,42,0.78) 100%)",
          }}
        >
          <div style={{ display: "flex", fontSize: 60, fontWeight: 700, color: "#ffffff", lineHeight: 1.25 }}>{clip(c.title, 22)}</div>
          {c.subtitle ? <div style={{ display: "flex", marginTop: 14, fontSize: 30, color: "#fef3c7", lineHeight: 1.45 }}>{clip(c.subtitle, 40)}</div> : null}
        </div>
      </div>
      <div style={{ display: "flex", flex: 1, alignItems: "center", padding: "0 48px" }}>
        <div style={{ display: "flex", flexDirection: "column", flex: 1 }}>
          <div style={{ display: "flex", fontSize: 40, fontWeight: 700, color: "#0f172a" }}>{clip(c.memberName, 10)}</div>
          <div style={{ display: "flex", marginTop: 8, fontSize: 28, color: "#78350f" }}>{c.kind === "invite" ? "邀请你一起推广赚佣金" : "给你分享了一个美团优惠"}</div>
          <CtaLines cta={c.cta} style={{ marginTop: 28, fontSize: 32, fontWeight: 700, color: "#7c2d12", lineHeight: 1.4 }} />
        </div>
        <div style={{ display: "flex", padding: 16, backgroundColor: "#ffffff", borderRadius: 24 }}>
          <Qr src={c.qr} size={268} />
        </div>
      </div>
    </div>
  );
}

/** 邀请: a personal invitation on red and amber, the member's name first, the QR code in a white card. */
function Invite(c: PosterContent) {
  const initial = [...c.memberName][0] ?? "美";
  return (
    <div
      style={{
        width: POSTER_WIDTH,
        height: POSTER_HEIGHT,
        display: "flex",
        flexDirection: "column",
        alignItems: "center",
        fontFamily: FONT,
        backgroundImage: "linear-gradient(180deg, #dc2626 0%, #f97316 55%, #fbbf24 100%)",
        padding: "72px 56px 56px",
      }}
    >
      <div style={{ display: "flex", alignItems: "center" }}>
        <div
          style={{ display: "flex", alignItems: "center", justifyContent: "center", width: 96, height: 96, borderRadius: 48, backgroundColor: "#fff7ed", color: "#dc2626", fontSize: 48, fontWeight: 700 }}
        >
          {initial}
        </div>
        <div style={{ display: "flex", marginLeft: 24, fontSize: 44, fontWeight: 700, color: "#ffffff" }}>{clip(c.memberName, 10)} 邀请你</div>
      </div>
      <div style={{ display: "flex", marginTop: 40, fontSize: 64, fontWeight: 700, color: "#fffbeb", textAlign: "center", lineHeight: 1.25 }}>{clip(c.title, 20)}</div>
      {c.subtitle ? <div style={{ display: "flex", marginTop: 18, fontSize: 30, color: "#fef3c7", textAlign: "center", lineHeight: 1.5 }}>{clip(c.subtitle, 40)}</div> : null}
      <div style={{ display: "flex", marginTop: 40, borderRadius: 28, border: "6px solid #fff7ed" }}>
        <Picture src={c.image} {...PICTURE_BOX.invite} tone="light" corners={{ borderTopLeftRadius: 22, borderTopRightRadius: 22, borderBottomLeftRadius: 22, borderBottomRightRadius: 22 }} />
      </div>
      <div style={{ display: "flex", flexDirection: "column", alignItems: "center", marginTop: 40, padding: "28px 40px", backgroundColor: "#ffffff", borderRadius: 32 }}>
        <Qr src={c.qr} size={300} />
        <div style={{ display: "flex", marginTop: 16, fontSize: 30, fontWeight: 700, color: "#dc2626" }}>{c.cta}</div>
      </div>
    </div>
  );
}

const TEMPLATES: Record<PosterTemplate, (c: PosterContent) => ReactElement> = { simple: Simple, photo: Photo, invite: Invite };

export const posterElement = (template: PosterTemplate, content: PosterContent): ReactElement => TEMPLATES[template](content);
