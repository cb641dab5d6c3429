// Whose request is this: the address that rate limits count against and the inbox records. It is never one
// the client chose. Without trusted proxies (the default) it is the connection's own address and any
// X-Forwarded-For is ignored. With TRUSTED_PROXIES, a request whose connection comes from a trusted proxy is
// attributed to the right-most X-Forwarded-For hop that is not itself a trusted proxy: each proxy appends the
// address it was connected from, so everything left of the last untrusted hop was written by the client.
import { BlockList, isIP } from "node:net";
import { headerValue, stampedPeer } from "./peer";

/** An IPv4-mapped IPv6 address (::ffff:1.2.3.4) as IPv4; IPv6 in lower case; a port or brackets removed. */
export function normalizeAddress(raw: string): string | null {
  let a = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(":"));
  a = a.toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/.exec(a);
  if (mapped) a = mapped[1];
  return isIP(a) ? a : null;
}

const family = (a: string) => (isIP(a) === 6 ? "ipv6" : "ipv4");

export class TrustedProxies {
  private readonly list = new BlockList();
  readonly size: number;

  /** `spec`: addresses and CIDRs (IPv4 and IPv6), separated by commas or spaces. Throws on a bad entry. */
  constructor(spec: string) {
    const entries = spec.split(/[\s,]+/).filter(Boolean);
    for (const entry of entries) {
      const [addr, prefix, extra] = entry.split("/");
      const ip = normalizeAddress(addr);
      if (!ip || extra !== undefined) throw new Error(`"${entry}" is not an IP address or CIDR`);
      if (prefix === undefined) {
        this.list.addAddress(ip, family(ip));
        continue;
      }
      const bits = Number(prefix);
      const max = family(ip) === "ipv6" ? 128 : 32;
      if (!/^\d{1,3}$/.test(prefix) || bits > max) throw new Error(`"${entry}": the prefix must be 0–${max}`);
      this.list.addSubnet(ip, bits, family(ip));
    }
    this.size = entries.length;
  }

  has(address: string): boolean {
    return this.list.check(address, family(address));
  }
}

/** The client's address given the connection's address and the X-Forwarded-For it carried. */
export function resolveClientAddress(peer: string | null, forwardedFor: string | null, trusted: TrustedProxies | null): string | null {
  const socket = peer === null ? null : normalizeAddress(peer);
  if (!socket || !trusted || !trusted.has(socket)) return socket;
  let nearest = socket;
  const hops = (forwardedFor ?? "").split(",").filter((h) => h.trim() !== "");
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalizeAddress(hops[i]);
    // A trusted proxy writes addresses; anything else came from further left, from the client: stop at the
    // last hop that can be vouched for.
    if (!hop) return nearest;
    if (!trusted.has(hop)) return hop;
    nearest = hop;
  }
  return nearest;
}

let configured: { spec: string; proxies: TrustedProxies | null } | undefined;

/** TRUSTED_PROXIES from the environment (validated at start-up by lib/env.ts). */
export function trustedProxies(): TrustedProxies | null {
  const spec = process.env.TRUSTED_PROXIES?.trim() ?? "";
  if (configured?.spec !== spec) configured = { spec, proxies: spec ? new TrustedProxies(spec) : null };
  return configured.proxies;
}

type HeaderSource = Parameters<typeof headerValue>[0];

/** The client address of a request (its headers as a Headers object or next-auth's plain record), or null. */
export function clientAddress(headers: HeaderSource): string | null {
  return resolveClientAddress(stampedPeer(headers), headerValue(headers, "x-forwarded-for"), trustedProxies());
}
