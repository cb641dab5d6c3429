// Builds Meituan union order pushes signed the way Meituan signs them (secret + k1v1…knvn + secret, MD5 hex).
import { createHash, randomInt } from "node:crypto";
import type { APIRequestContext, APIResponse } from "@playwright/test";
import { CALLBACK_SECRET } from "./env";

export type Push = Record<string, string>;

export function unionSign(params: Push, secret: string): string {
  let s = secret;
  for (const key of Object.keys(params).filter((k) => k !== "sign").sort()) s += key + params[key];
  return createHash("md5").update(s + secret, "utf8").digest("hex");
}

export function signed(params: Push, secret = CALLBACK_SECRET): Push {
  return { ...params, sign: unionSign(params, secret) };
}

/** An 18-digit order id, unique per call (time-based prefix + random tail). */
export function newOrderId(): string {
  return `6${String(Date.now()).slice(-11)}${String(randomInt(0, 1_000_000)).padStart(6, "0")}`;
}

export function paidPush(orderId: string, sid: string, overrides: Partial<Push> = {}): Push {
  return {
    orderid: orderId,
    sid,
    appkey: "demo_appkey",
    smstitle: "美团外卖-测试店铺",
    quantity: "1",
    paytime: "1714550400",
    ordertime: "1714550390",
    modTime: "1714550401",
    status: "1",
    businessLine: "2",
    subBusinessLine: "1",
    actId: "33",
    total: "35.50",
    payPrice: "28.80",
    direct: "28.80",
    ratio: "0.05",
    ...overrides,
  };
}

export function sendPush(request: APIRequestContext, body: Push): Promise<APIResponse> {
  return request.post("/api/meituan/callback", { data: body });
}
