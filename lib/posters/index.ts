// A member's share poster for an activity or for their invite: the inputs are gathered, their content version
// (a hash of everything drawn) names the PNG on disk under DATA_DIR/posters/<member>/, and only a version not
// rendered before is rendered: one render per version at a time (single flight), through the bounded queue.
// A change of title, description, image, template, the member's name or link is a new version, so a new render
// and a new ETag; the member's older versions of that poster are deleted when the new one is written.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { ApiError, notFound } from "../api/errors";
import type { CurrentUser } from "../auth/session";
import { ActivityPosterQuery, InvitePosterQuery, PosterPreviewQuery } from "../contracts/posters";
import { POSTER_TEMPLATES, storedCode, type PosterTemplate } from "../contracts/enums";
import { rawDb } from "../db";
import { q } from "../db/query";
import { dataDir, env, posterQueueLimit, posterRenderConcurrency } from "../env";
import { maskUsername } from "../earnings/payout";
import { memberLink } from "../promotion/links";
import { posterImage } from "./image";
import { QueueFull, RenderQueue } from "./queue";
import { renderPoster, type PosterInput } from "./render";

/** Bumped when a layout changes, so every poster renders anew. */
const LAYOUT_VERSION = 2;

let queue: RenderQueue | undefined;
/** POSTER_RENDER_CONCURRENCY renders at once (default 2, the machine's cores); POSTER_QUEUE_LIMIT more may wait. */
export const posterQueue = () => (queue ??= new RenderQueue(posterRenderConcurrency(), posterQueueLimit()));

export interface Poster {
  png: Buffer;
  etag: string;
  /** What the file is called when saved. */
  filename: string;
}

interface Prepared {
  member: Pick<CurrentUser, "id" | "name" | "username">;
  subject: string;
  template: PosterTemplate;
  input: PosterInput;
  imageHash: string | null;
  filename: string;
}

const displayName = (m: Pick<CurrentUser, "name" | "username">) => m.name?.trim() || maskUsername(m.username);

/** The public origin invite links point at: NEXTAUTH_URL behind a proxy, else the request's own. */
const publicOrigin = (requestOrigin: string) => {
  const configured = env().NEXTAUTH_URL;
  return configured ? new URL(configured).origin : requestOrigin;
};

export const inviteLink = (origin: string, inviteCode: string) => `${publicOrigin(origin)}/register?invite=${encodeURIComponent(inviteCode)}`;

async function prepareActivity(member: CurrentUser, query: z.infer<typeof ActivityPosterQuery>): Promise<Prepared> {
  const activity = await rawDb().row(
    q.selectFrom("activities").select(["id", "name", "description", "enabled", "imageUrl", "posterTemplate"]).where("id", "=", query.activityId),
  );
  if (!activity || !activity.enabled) throw notFound("活动");
  // The QR code opens the member's own tracked link (generated once, then cached).
  const { url } = await memberLink(member, { activityId: activity.id, linkType: "h5_short" });
  const image = await posterImage(dataDir(), activity.imageUrl);
  const template = query.template ?? storedCode(POSTER_TEMPLATES, activity.posterTemplate);
  return {
    member,
    subject: `activity-${activity.id}`,
    template,
    imageHash: image?.hash ?? null,
    filename: `推广海报-${activity.name}.png`,
    input: {
      kind: "activity",
      title: activity.name,
      subtitle: activity.description ?? "",
      memberName: displayName(member),
      cta: "长按识别二维码，立即领取",
      link: url,
      image,
    },
  };
}

function prepareInvite(member: CurrentUser, query: z.infer<typeof InvitePosterQuery>, origin: string): Prepared {
  return {
    member,
    subject: "invite",
    template: query.template ?? "invite",
    imageHash: null,
    filename: "邀请海报.png",
    input: {
      kind: "invite",
      title: "一起做美团推广",
      subtitle: "分享美团优惠给好友，好友下单你赚佣金",
      memberName: displayName(member),
      cta: "长按识别二维码，注册一起赚",
      link: inviteLink(origin, member.inviteCode),
      image: null,
    },
  };
}

/** Everything the poster draws, hashed: the file name on disk and the ETag. */
function versionOf(p: Prepared): string {
  // The image counts by its hash (imageHash), not its bytes.
  const { image: _picture, ...drawn } = p.input;
  return createHash("sha256").update(JSON.stringify([LAYOUT_VERSION, p.subject, p.template, drawn, p.imageHash])).digest("hex").slice(0, 32);
}

const memberDir = (memberId: string) => path.join(dataDir(), "posters", memberId.replace(/[^A-Za-z0-9_-]/g, "_"));

function readCached(file: string): Buffer | null {
  try {
    return readFileSync(file);
  } catch {
    return null;
  }
}

function store(dir: string, prefix: string, file: string, png: Buffer) {
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, png);
  renameSync(tmp, file);
  for (const old of readdirSync(dir)) {
    if (old.startsWith(prefix) && path.join(dir, old) !== file && old.endsWith(".png")) {
      try {
        unlinkSync(path.join(dir, old));
      } catch {
        // Another instance removed it first.
      }
    }
  }
}

const inFlight = new Map<string, Promise<Buffer>>();

async function rendered(p: Prepared, version: string): Promise<Buffer> {
  const dir = memberDir(p.member.id);
  const prefix = `${p.subject}-${p.template}-`;
  const file = path.join(dir, `${prefix}${version}.png`);
  const cached = readCached(file);
  if (cached) return cached;
  const key = `${p.member.id}/${prefix}${version}`;
  let pending = inFlight.get(key);
  if (!pending) {
    pending = posterQueue()
      .run(() => renderPoster(p.template, p.input))
      .then((png) => {
        store(dir, prefix, file, png);
        return png;
      })
      .finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
  }
  try {
    return await pending;
  } catch (e) {
    if (e instanceof QueueFull) throw new ApiError(503, "busy", "生成海报的人太多了，请稍等几秒再试");
    throw e;
  }
}

export type PosterResult = { notModified: true; etag: string } | ({ notModified: false } & Poster);

async function answer(p: Prepared, ifNoneMatch: string | null): Promise<PosterResult> {
  const version = versionOf(p);
  const etag = `"${version}"`;
  if (ifNoneMatch && ifNoneMatch.split(",").some((t) => t.trim().replace(/^W\//, "") === etag)) return { notModified: true, etag };
  return { notModified: false, etag, png: await rendered(p, version), filename: p.filename };
}

export async function activityPoster(member: CurrentUser, query: z.infer<typeof ActivityPosterQuery>, ifNoneMatch: string | null): Promise<PosterResult> {
  return answer(await prepareActivity(member, query), ifNoneMatch);
}

export async function invitePoster(member: CurrentUser, query: z.infer<typeof InvitePosterQuery>, origin: string, ifNoneMatch: string | null): Promise<PosterResult> {
  return answer(prepareInvite(member, query, origin), ifNoneMatch);
}

/** The console's preview: the activity's poster as a member named 示例会员 would get it, for the admin's draft. */
export async function previewPoster(admin: CurrentUser, query: z.infer<typeof PosterPreviewQuery>, ifNoneMatch: string | null): Promise<PosterResult> {
  const image = await posterImage(dataDir(), query.imageUrl ?? null);
  return answer(
    {
      member: admin,
      subject: "preview",
      template: query.template,
      imageHash: image?.hash ?? null,
      filename: "海报预览.png",
      input: {
        kind: "activity",
        title: query.name,
        subtitle: query.description ?? "",
        memberName: "示例会员",
        cta: "长按识别二维码，立即领取",
        link: "https://example.com/poster-preview",
        image,
      },
    },
    ifNoneMatch,
  );
}

/**
 * The HTTP answer's body and init: the PNG with its ETag, or 304. Private and revalidated every time: a poster
 * carries the member's own link, and a 304 costs no render.
 */
export function posterReply(result: PosterResult, download: boolean): { body: Uint8Array<ArrayBuffer> | null; status: number; headers: Record<string, string> } {
  const headers: Record<string, string> = { etag: result.etag, "cache-control": "private, no-cache", "x-content-type-options": "nosniff" };
  if (result.notModified) return { body: null, status: 304, headers };
  headers["content-type"] = "image/png";
  headers["content-length"] = String(result.png.length);
  if (download) headers["content-disposition"] = `attachment; filename="poster.png"; filename*=UTF-8''${encodeURIComponent(result.filename)}`;
  return { body: new Uint8Array(result.png), status: 200, headers };
}
