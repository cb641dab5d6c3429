"use client";
// The earnings API's shapes (money as yuan strings, times as ISO-8601 UTC) and a JSON sender for its POST/PUT calls.
import { FetchError } from "./fetcher";
import type { CommissionKind, CommissionStatus, Level, PayoutMethod, WithdrawalStatus } from "@/lib/labels";

export interface Summary {
  estimated: string;
  pending: string;
  available: string;
  /** 可提现 as rows: available rows plus every 扣回 (negative). */
  availableRows: string;
  clawbacks: string;
  reserved: string;
  withdrawn: string;
  inReview: string;
  todayEstimated: string;
  monthEstimated: string;
  minWithdrawal: string;
}

export interface DailyEarnings {
  days: { day: string; amount: string }[];
}

export interface CommissionItem {
  id: number;
  /** null only when the order row is gone. */
  orderId: string | null;
  orderTitle: string | null;
  level: Level;
  kind: CommissionKind;
  base: string;
  rateBps: number;
  amount: string;
  status: CommissionStatus;
  ruleVersion: number;
  availableAt: string | null;
  /** Why the row is what it is, in Chinese (e.g. 对账下调：订单 … 美团佣金 ¥9.44 → ¥4.72). */
  reason: string | null;
  withdrawalId: number | null;
  createdAt: string;
}

export interface OrderCommission {
  /** The member's share of the order: the net of their rows. */
  amount: string;
  status: CommissionStatus;
  level: Level;
  /** The order's base (美团佣金) as every view counts it. */
  base: string;
  rateBps: number;
  ruleVersion: number;
  baseSource: string;
  availableAt: string | null;
  rows: CommissionItem[];
}

export interface Team {
  level1Count: number;
  level2Count: number;
  members: { level: 1 | 2; username: string; name: string | null; joinedAt: string; orders: number; earnedForMe: string }[];
}

export interface Withdrawal {
  id: number;
  amount: string;
  method: PayoutMethod;
  /** Masked. */
  account: string;
  realName: string | null;
  bankName: string | null;
  status: WithdrawalStatus;
  note: string | null;
  overrideReason: string | null;
  batchId: number | null;
  requestedAt: string;
  reviewedAt: string | null;
  paidAt: string | null;
}

export interface AdminWithdrawal extends Withdrawal {
  memberId: string;
  memberUsername: string | null;
  memberName?: string | null;
  /** The member's 可提现 now (every request not rejected deducted). */
  memberAvailable?: string;
  /** For an open request: what the member could withdraw without it, what it leaves, how its orders moved since. */
  coverage?: { availableWithout: string; leaves: string; covered: boolean; changedSinceRequest: string } | null;
}

export interface PayoutAccount {
  method: PayoutMethod;
  /** Masked. */
  account: string;
  realName: string;
  bankName: string | null;
}

export interface WithdrawalPreview {
  amount: string;
  balanceAfter: string;
  rows: { orderId: string; level: number; amount: string; split: boolean }[];
  account: PayoutAccount | null;
}

export interface LevelRate {
  level: number;
  rateBps: number;
}

export interface CommissionSettings {
  version: number;
  levels: LevelRate[];
  businessLineOverrides: { businessLine: number; levels: LevelRate[] }[];
  holdDays: number;
  minWithdrawal: string;
}

export const SUMMARY_KEY = "/api/me/summary";

/** An API error with its Chinese message and, for 422, the message per field. */
export class ApiCallError extends FetchError {
  constructor(
    status: number,
    message: string,
    readonly fields: Record<string, string[] | undefined> = {},
  ) {
    super(status, message);
  }
}

/** Sends JSON and returns the JSON answer, or throws ApiCallError with the API's message. */
export async function sendJson<T>(url: string, method: "POST" | "PUT", body: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { method, headers: { "content-type": "application/json", accept: "application/json" }, body: JSON.stringify(body ?? {}) });
  } catch {
    throw new ApiCallError(0, "网络错误，请稍后再试");
  }
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    if (res.status === 401 && typeof window !== "undefined") {
      window.location.href = `/login?callbackUrl=${encodeURIComponent(window.location.pathname + window.location.search)}`;
    }
    throw new ApiCallError(res.status, data?.error?.message ?? `请求失败（${res.status}）`, data?.error?.fields ?? {});
  }
  return data as T;
}
