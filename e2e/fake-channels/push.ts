// A stand-in push service (RFC 8030) that checks what a real one checks and what a browser then does: the
// request's VAPID authorization (RFC 8292: `vapid t=<ES256 JWT>, k=<public key>`) is verified against the
// application server's public key, with the audience and expiry the spec requires, and the aes128gcm body
// (RFC 8188 / RFC 8291) is decrypted with the subscription's private key, which the test generated like a
// browser would. A subscription can be told to be gone (410 / 404).
import { createECDH, createDecipheriv, createPublicKey, hkdfSync, randomBytes, verify } from "node:crypto";
import { json, listen, type Listening } from "./listen";

const b64u = (b: Buffer) => b.toString("base64url");
const fromB64u = (s: string) => Buffer.from(s, "base64url");

/** A browser's side of a subscription: its P-256 key pair and auth secret. */
export class FakeBrowser {
  private ecdh = createECDH("prime256v1");
  readonly auth = randomBytes(16);
  constructor() {
    this.ecdh.generateKeys();
  }
  get keys() {
    return { p256dh: b64u(this.ecdh.getPublicKey()), auth: b64u(this.auth) };
  }
  /** RFC 8291 §3.4 key derivation and RFC 8188 single-record decryption. */
  decrypt(body: Buffer): string {
    const salt = body.subarray(0, 16);
    const idlen = body[20]!;
    const asPublic = body.subarray(21, 21 + idlen);
    const record = body.subarray(21 + idlen);
    const uaPublic = this.ecdh.getPublicKey();
    const ecdhSecret = this.ecdh.computeSecret(asPublic);
    const keyInfo = Buffer.concat([Buffer.from("WebPush: info\0"), uaPublic, asPublic]);
    const ikm = Buffer.from(hkdfSync("sha256", ecdhSecret, this.auth, keyInfo, 32));
    const cek = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: aes128gcm\0"), 16));
    const nonce = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: nonce\0"), 12));
    const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
    decipher.setAuthTag(record.subarray(record.length - 16));
    const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
    let end = padded.length - 1;
    while (end >= 0 && padded[end] === 0) end--;
    if (padded[end] !== 2) throw new Error("not the last record (padding delimiter 0x02 missing)");
    return padded.subarray(0, end).toString("utf8");
  }
}

export interface FakePushDelivery {
  id: string;
  /** The decrypted payload. */
  payload: string;
  ttl: string | null;
}

export interface FakePush extends Listening {
  /** A new endpoint on this service. */
  endpoint(id: string): string;
  /** Answer this status for the endpoint from now on (410 gone, 404, 429, 500). */
  answer(id: string, status: number): void;
  deliveries: FakePushDelivery[];
  refused: { id: string; reason: string }[];
}

/** Verifies `vapid t=…, k=…` for the endpoint's origin; returns why it is refused, or null. */
function vapidRefusal(header: string | undefined, origin: string, expectedKey: string): string | null {
  const m = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+),\s*k=([\w-]+)$/.exec(header ?? "");
  if (!m) return "no vapid authorization";
  const [, jwt, k] = m as unknown as [string, string, string];
  if (k !== expectedKey) return "unknown application server key";
  const [h, c, s] = jwt.split(".") as [string, string, string];
  const head = JSON.parse(fromB64u(h).toString()) as { alg?: string };
  if (head.alg !== "ES256") return "alg is not ES256";
  const raw = fromB64u(k);
  const key = createPublicKey({ key: { kty: "EC", crv: "P-256", x: b64u(raw.subarray(1, 33)), y: b64u(raw.subarray(33, 65)) }, format: "jwk" });
  if (!verify("sha256", Buffer.from(`${h}.${c}`), { key, dsaEncoding: "ieee-p1363" }, fromB64u(s))) return "bad signature";
  const claims = JSON.parse(fromB64u(c).toString()) as { aud?: string; exp?: number; sub?: string };
  if (claims.aud !== origin) return `aud ${claims.aud} is not ${origin}`;
  const now = Date.now() / 1000;
  if (!claims.exp || claims.exp < now || claims.exp > now + 24 * 3600) return "exp missing, past or beyond 24 hours";
  if (!/^(mailto:|https:\/\/)/.test(claims.sub ?? "")) return "sub is not mailto: or https:";
  return null;
}

export async function startFakePush(opts: { applicationServerKey: () => string; browsers: Map<string, FakeBrowser> }): Promise<FakePush> {
  const deliveries: FakePushDelivery[] = [];
  const refused: { id: string; reason: string }[] = [];
  const statuses = new Map<string, number>();
  const server = await listen((req, body, res) => {
    const id = /^\/push\/([\w-]+)$/.exec(req.url ?? "")?.[1];
    const browser = id ? opts.browsers.get(id) : undefined;
    if (!id || !browser) return json(res, 404, { reason: "no such subscription" });
    const status = statuses.get(id);
    if (status) return json(res, status, { reason: "told to" });
    const refuse = (reason: string) => {
      refused.push({ id, reason });
      json(res, reason.startsWith("vapid") ? 403 : 400, { reason });
    };
    const why = vapidRefusal(req.headers.authorization, server.base, opts.applicationServerKey());
    if (why) return refuse(`vapid: ${why}`);
    if (req.headers["content-encoding"] !== "aes128gcm") return refuse("content-encoding is not aes128gcm");
    if (!req.headers.ttl) return refuse("TTL header missing");
    let payload: string;
    try {
      payload = browser.decrypt(body);
    } catch (e) {
      return refuse(`cannot decrypt: ${e instanceof Error ? e.message : e}`);
    }
    deliveries.push({ id, payload, ttl: String(req.headers.ttl) });
    res.writeHead(201, { location: `${server.base}/message/${deliveries.length}` }).end();
  });
  return {
    ...server,
    deliveries,
    refused,
    endpoint: (id) => `${server.base}/push/${id}`,
    answer: (id, status) => void statuses.set(id, status),
  };
}
