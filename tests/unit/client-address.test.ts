// Whose address a request counts against: the connection's own, unless it comes from a trusted proxy; then the
// right-most X-Forwarded-For hop that is not a trusted proxy. Never an address only the client wrote.
import { describe, expect, it } from "vitest";
import { clientAddress, normalizeAddress, resolveClientAddress, TrustedProxies } from "@/lib/net/client-address";
import { PEER_HEADER, peerStamp, stampedPeer } from "@/lib/net/peer";

describe("the connection's address", () => {
  it("comes only from this process's stamp; a header a client writes with the same name counts for nothing", () => {
    expect(stampedPeer(new Headers({ [PEER_HEADER]: peerStamp("192.0.2.1") }))).toBe("192.0.2.1");
    expect(stampedPeer({ [PEER_HEADER]: peerStamp("::1") })).toBe("::1");
    for (const forged of ["192.0.2.1", "x 192.0.2.1", `${peerStamp("1.2.3.4").slice(0, -9)} 192.0.2.1`, "", "长".repeat(40)]) {
      expect(stampedPeer({ [PEER_HEADER]: forged }), forged).toBeNull();
    }
    expect(clientAddress(new Headers({ "x-forwarded-for": "203.0.113.7", "x-real-ip": "203.0.113.8" }))).toBeNull();
  });

  it("normalizes IPv4-mapped IPv6, case, brackets and ports; refuses what is not an address", () => {
    expect(normalizeAddress("::ffff:127.0.0.2")).toBe("127.0.0.2");
    expect(normalizeAddress(" 2001:DB8::1 ")).toBe("2001:db8::1");
    expect(normalizeAddress("[2001:db8::1]:443")).toBe("2001:db8::1");
    expect(normalizeAddress("198.51.100.4:5678")).toBe("198.51.100.4");
    for (const bad of ["", "unknown", "localhost", "1.2.3", "1.2.3.4.5", "999.1.1.1", "<script>"]) expect(normalizeAddress(bad), bad).toBeNull();
  });
});

describe("X-Forwarded-For", () => {
  const trusted = new TrustedProxies("10.0.0.0/8, 192.168.1.10 fd00::/8,::1");

  it("is ignored without trusted proxies, and from a connection that is not one", () => {
    expect(resolveClientAddress("198.51.100.4", "203.0.113.9", null)).toBe("198.51.100.4");
    expect(resolveClientAddress("198.51.100.4", "203.0.113.9", trusted)).toBe("198.51.100.4");
    expect(resolveClientAddress("::ffff:198.51.100.4", null, null)).toBe("198.51.100.4");
    expect(resolveClientAddress(null, "203.0.113.9", trusted)).toBeNull();
  });

  it("from a trusted proxy: the right-most hop that is not a trusted proxy", () => {
    expect(resolveClientAddress("10.1.2.3", "203.0.113.9", trusted)).toBe("203.0.113.9");
    expect(resolveClientAddress("10.1.2.3", "6.6.6.6, 203.0.113.9", trusted)).toBe("203.0.113.9");
    expect(resolveClientAddress("::1", "6.6.6.6, 2001:db8::7, fd00::1, 192.168.1.10", trusted)).toBe("2001:db8::7");
    expect(resolveClientAddress("::ffff:10.0.0.1", "6.6.6.6,203.0.113.9 , 10.0.0.2", trusted)).toBe("203.0.113.9");
  });

  it("all hops trusted: the left-most; a hop that is no address: the nearest hop that could be vouched for", () => {
    expect(resolveClientAddress("10.1.2.3", "10.0.0.5, 10.0.0.4", trusted)).toBe("10.0.0.5");
    expect(resolveClientAddress("10.1.2.3", "", trusted)).toBe("10.1.2.3");
    expect(resolveClientAddress("10.1.2.3", "203.0.113.9, garbage", trusted)).toBe("10.1.2.3");
    expect(resolveClientAddress("10.1.2.3", "garbage, 10.0.0.9", trusted)).toBe("10.0.0.9");
  });

  it("TRUSTED_PROXIES refuses what is not an address or CIDR", () => {
    for (const bad of ["10.0.0.0/33", "fd00::/129", "10.0.0.0/8/1", "proxy.local", "10.0.0.0/x", "1.2.3.4/-1"]) expect(() => new TrustedProxies(bad), bad).toThrow();
    expect(new TrustedProxies("0.0.0.0/0").has("203.0.113.1")).toBe(true);
    expect(new TrustedProxies("2001:db8::/32").has("2001:db8:1::5")).toBe(true);
    expect(new TrustedProxies("2001:db8::/32").has("203.0.113.1")).toBe(false);
  });
});
