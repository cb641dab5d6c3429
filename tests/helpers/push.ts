// Building signed Meituan pushes for tests, with the spec's algorithm written out independently of lib/.
import { createHash } from "node:crypto";

export const SECRET = "test_callback_secret";

export type Payload = Record<string, unknown>;

export function sign(p: Payload, secret = SECRET, skipEmpty = false): string {
  let s = secret;
  for (const k of Object.keys(p).filter((k) => k !== "sign").sort()) {
    const v = p[k];
    const text = v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
    if (skipEmpty && text === "") continue;
    s += k + text;
  }
  return createHash("md5").update(s + secret, "utf8").digest("hex");
}

let seq = 0;
export function newOrderId() {
  seq += 1;
  return `6${Date.now()}${String(process.pid % 1000).padStart(3, "0")}${String(seq).padStart(4, "0")}`;
}

export function pushPayload(over: Payload = {}): Payload {
  return {
    orderid: newOrderId(),
    sid: "nosuchsid0000000",
    appkey: "demo_appkey",
    uid: "100200",
    smstitle: "美团外卖-测试店铺",
    quantity: "1",
    paytime: "1764300000",
    ordertime: "1764299990",
    modTime: "1764300001",
    status: "1",
    businessLine: "2",
    subBusinessLine: "1",
    actId: "33",
    total: "35.50",
    payPrice: "28.80",
    direct: "28.80",
    ratio: "0.05",
    ...over,
  };
}

export const signed = <T extends Payload>(p: T, secret = SECRET): T & { sign: string } => ({ ...p, sign: sign(p, secret) });
