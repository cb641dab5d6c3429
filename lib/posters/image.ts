// Activity images for posters: an https URL the admin entered, fetched by the server. The URL is the admin's but
// the fetch is ours, so it must not become a way into our own network: https on port 443 only, every address
// the name resolves to must be public, the connection goes to the address we checked (no second DNS answer),
// redirects are checked the same way, with a time limit and a size limit. What arrives is decoded and scaled
// once (a decompression bomb is refused by its pixel count) and kept as a JPEG on disk and in memory. Any
// failure means "no image": the poster draws its placeholder, and the URL is tried again later.
import { createHash } from "node:crypto";
import { lookup } from "node:dns/promises";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { BlockList, isIP } from "node:net";
import path from "node:path";
import sharp from "sharp";
import { log } from "../log";

export const IMAGE_FETCH_TIMEOUT_MS = 4000;
export const IMAGE_MAX_BYTES = 5 * 1024 * 1024;
const IMAGE_MAX_PIXELS = 40_000_000;
const MAX_REDIRECTS = 3;
/** A failed URL is tried again after this long; a fetched one is fetched again after a day. */
const RETRY_FAILED_MS = 10 * 60 * 1000;
const REFRESH_MS = 24 * 3600 * 1000;

/** Addresses a server-side fetch must never reach: loopback, private, link-local, shared, reserved, multicast. */
const NOT_PUBLIC = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.88.99.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["198.51.100.0", 24],
  ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) NOT_PUBLIC.addSubnet(net, bits, "ipv4");
for (const [net, bits] of [
  ["::", 128], ["::1", 128], ["64:ff9b::", 96], ["100::", 64], ["2001::", 23], ["2001:db8::", 32],
  ["2002::", 16], ["fc00::", 7], ["fe80::", 10], ["fec0::", 10], ["ff00::", 8],
] as const) NOT_PUBLIC.addSubnet(net, bits, "ipv6");

export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  // IPv4-mapped IPv6 (::ffff:…) is refused whole: BlockList would match it against the IPv4 rules only when dotted.
  if (family === 6 && /^(0{0,4}:){0,5}:?ffff:/i.test(address)) return false;
  return !NOT_PUBLIC.check(address, family === 6 ? "ipv6" : "ipv4");
}

class Refused extends Error {}

/** The URL if we may fetch it at all (https, port 443, no credentials, a host name or public address). */
export function checkImageUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Refused("not a URL");
  }
  if (url.protocol !== "https:") throw new Refused("not https");
  if (url.port !== "" && url.port !== "443") throw new Refused("port other than 443");
  if (url.username || url.password) throw new Refused("credentials in the URL");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host) && !isPublicAddress(host)) throw new Refused("private address");
  if (/^(localhost|.*\.localhost|.*\.local|.*\.internal)$/i.test(host)) throw new Refused("local name");
  return url;
}

/** A public address of the URL's host, or Refused when any address it resolves to is not public. */
async function publicAddressOf(url: URL, deadline: number): Promise<{ address: string; family: 4 | 6 }> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const family = isIP(host);
  if (family) return { address: host, family: family as 4 | 6 };
  let timer: NodeJS.Timeout | undefined;
  const answers = await Promise.race([
    lookup(host, { all: true, verbatim: true }),
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Refused("DNS timed out")), Math.max(1, deadline - Date.now())))),
  ]).finally(() => clearTimeout(timer));
  if (answers.length === 0 || answers.some((a) => !isPublicAddress(a.address))) throw new Refused("resolves to a private address");
  return { address: answers[0].address, family: answers[0].family as 4 | 6 };
}

type Fetched = { redirect: string } | { bytes: Buffer };

function getOnce(url: URL, pinned: { address: string; family: 4 | 6 }, deadline: number): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: "GET",
        headers: { accept: "image/avif,image/webp,image/png,image/jpeg,image/*;q=0.8", "user-agent": "mt-cps-poster/1" },
        // The connection goes to the address that was checked, whatever the name resolves to now.
        lookup: (_host, _opts, cb) => cb(null, pinned.address, pinned.family),
        timeout: Math.max(1, deadline - Date.now()),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400 && res.headers.location) {
          res.resume();
          resolve({ redirect: new URL(res.headers.location, url).toString() });
          return;
        }
        if (status !== 200) {
          res.resume();
          reject(new Refused(`HTTP ${status}`));
          return;
        }
        const type = String(res.headers["content-type"] ?? "");
        if (!/^image\//i.test(type)) {
          res.resume();
          reject(new Refused(`content type ${type || "missing"}`));
          return;
        }
        if (Number(res.headers["content-length"] ?? 0) > IMAGE_MAX_BYTES) {
          req.destroy();
          reject(new Refused("larger than the limit"));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > IMAGE_MAX_BYTES) {
            req.destroy();
            reject(new Refused("larger than the limit"));
          } else chunks.push(chunk);
        });
        res.on("end", () => resolve({ bytes: Buffer.concat(chunks) }));
        res.on("error", reject);
      },
    );
    const timer = setTimeout(() => req.destroy(new Refused("timed out")), Math.max(1, deadline - Date.now()));
    req.on("close", () => clearTimeout(timer));
    req.on("timeout", () => req.destroy(new Refused("timed out")));
    req.on("error", reject);
    req.end();
  });
}

/** The image's bytes, within the time and size limits, following checked redirects. Throws on any failure. */
export async function fetchImageBytes(raw: string, timeoutMs = IMAGE_FETCH_TIMEOUT_MS): Promise<Buffer> {
  const deadline = Date.now() + timeoutMs;
  let next = raw;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const url = checkImageUrl(next);
    const pinned = await publicAddressOf(url, deadline);
    if (Date.now() >= deadline) throw new Refused("timed out");
    const got = await getOnce(url, pinned, deadline);
    if ("bytes" in got) return got.bytes;
    next = got.redirect;
  }
  throw new Refused("too many redirects");
}

/** Decoded, turned upright and scaled to fit the largest picture a template draws, as a JPEG. */
export async function normalizeImage(bytes: Buffer): Promise<Buffer> {
  return sharp(bytes, { limitInputPixels: IMAGE_MAX_PIXELS, failOn: "error" })
    .rotate()
    .resize({ width: 750, height: 860, fit: "cover", position: "attention" })
    .flatten({ background: "#ffffff" })
    .jpeg({ quality: 82, mozjpeg: false })
    .toBuffer();
}

export interface PosterImage {
  /** The normalized JPEG (at most 750×860); each template crops it to its own picture box (lib/posters/render.ts). */
  jpeg: Buffer;
  /** Changes when the picture does: part of the poster's cache key. */
  hash: string;
}

type Entry = { image: PosterImage | null; at: number };
const entries = new Map<string, Entry>();
const inFlight = new Map<string, Promise<PosterImage | null>>();

const imageDir = (dataDir: string) => path.join(dataDir, "posters", "images");
const urlKey = (url: string) => createHash("sha256").update(url).digest("hex").slice(0, 32);

function toImage(jpeg: Buffer): PosterImage {
  return { jpeg, hash: createHash("sha256").update(jpeg).digest("hex").slice(0, 16) };
}

function fromDisk(dataDir: string, url: string): PosterImage | null {
  try {
    return toImage(readFileSync(path.join(imageDir(dataDir), `${urlKey(url)}.jpg`)));
  } catch {
    return null;
  }
}

async function load(dataDir: string, url: string): Promise<PosterImage | null> {
  try {
    const jpeg = await normalizeImage(await fetchImageBytes(url));
    const dir = imageDir(dataDir);
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${urlKey(url)}.jpg`);
    writeFileSync(`${file}.${process.pid}.tmp`, jpeg);
    renameSync(`${file}.${process.pid}.tmp`, file);
    return toImage(jpeg);
  } catch (e) {
    log.warn("poster image unavailable, drawing the placeholder", { url, error: e instanceof Error ? e.message : String(e) });
    // A copy from an earlier fetch is better than the placeholder while the host is down.
    return fromDisk(dataDir, url);
  }
}

/**
 * The activity's image for a poster, or null (no URL, or it cannot be had now). Cached in memory and on disk;
 * one fetch at a time per URL.
 */
export async function posterImage(dataDir: string, url: string | null, now = Date.now()): Promise<PosterImage | null> {
  if (!url) return null;
  const entry = entries.get(url) ?? (() => {
    const disk = fromDisk(dataDir, url);
    // A copy on disk from before a restart counts as fresh for a while, so a restart does not refetch them all.
    if (disk) entries.set(url, { image: disk, at: now });
    return entries.get(url);
  })();
  if (entry && now - entry.at < (entry.image ? REFRESH_MS : RETRY_FAILED_MS)) return entry.image;
  let pending = inFlight.get(url);
  if (!pending) {
    pending = load(dataDir, url).then((image) => {
      entries.set(url, { image, at: Date.now() });
      return image;
    });
    pending.finally(() => inFlight.delete(url)).catch(() => {});
    inFlight.set(url, pending);
  }
  return pending;
}
