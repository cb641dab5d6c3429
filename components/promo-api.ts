// Promotion activities, member links and order claims (订单找回): the API's shapes (times as ISO-8601 UTC, money as
// yuan strings) and the Chinese labels and badge tones the pages show for their codes.

export interface Activity {
  id: number;
  actId: string;
  name: string;
  businessLine: number | null;
  description: string | null;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Activities {
  /** False when MEITUAN_APP_KEY / MEITUAN_API_SECRET are missing: no link can be generated. */
  configured: boolean;
  items: Activity[];
}

export interface ActivityInput {
  actId: string;
  name: string;
  businessLine: number | null;
  description: string | null;
  enabled: boolean;
}

export const LINK_TYPES = ["h5_short", "h5_long", "deeplink", "miniprogram", "kouling"] as const;
export type LinkType = (typeof LINK_TYPES)[number];

/** What each kind of link is for, shown under the picker. */
export const LINK_TYPE_HINT: Record<LinkType, string> = {
  h5_short: "适合发微信、朋友圈、短信，手机浏览器打开即可下单。",
  h5_long: "完整的 H5 链接，适合放在自己的网页或公众号菜单里。",
  deeplink: "deeplink，在已安装美团 App 的手机上直接唤起 App，适合放在自己的 H5 页面按钮里。",
  miniprogram: "美团小程序的页面路径，用于在自己的微信小程序里配置跳转。",
  kouling: "复制后发给好友，好友打开美团 App 即可识别口令进入活动。",
};

export interface PromoLink {
  url: string;
  linkType: LinkType;
  /** True when the link was generated before and reused. */
  cached: boolean;
}

/** attributed and approved end with the order being the member's; review waits for an admin. */
export const CLAIM_STATUSES = ["review", "attributed", "approved", "rejected"] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export const CLAIM_STATUS_TONE: Record<ClaimStatus, string> = {
  review: "bg-amber-50 text-amber-700 ring-amber-200",
  attributed: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  approved: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  rejected: "bg-red-50 text-red-700 ring-red-200",
};

/** The boxed result of a claim just sent: green, amber or red. */
export const CLAIM_RESULT_TONE: Record<ClaimStatus, string> = {
  review: "bg-amber-50 text-amber-800 ring-amber-300",
  attributed: "bg-emerald-50 text-emerald-800 ring-emerald-300",
  approved: "bg-emerald-50 text-emerald-800 ring-emerald-300",
  rejected: "bg-red-50 text-red-800 ring-red-300",
};

export interface ClaimResult {
  id: number;
  status: ClaimStatus;
  reason: string;
}

export interface Claim {
  id: number;
  memberId: string;
  orderId: string;
  payAmount: string;
  status: ClaimStatus;
  reason: string;
  createdAt: string;
  reviewedAt: string | null;
}

export type { ClaimAmountCheck } from "@/lib/promotion/claims";
import type { ClaimAmountCheck } from "@/lib/promotion/claims";

export interface AdminClaim extends Claim {
  memberUsername: string | null;
  /** The order as we know it (null: not here yet). */
  order: { payAmount: string | null; attributed: boolean } | null;
  amountCheck: ClaimAmountCheck;
}

/** The tone of the review queue's amount check (its words are in lib/labels.ts). */
export const AMOUNT_CHECK_TONE: Record<ClaimAmountCheck, string> = {
  match: "text-emerald-700",
  mismatch: "text-red-700 font-medium",
  no_amount: "text-amber-700",
  unknown: "text-slate-500",
};

/** Copies with the Clipboard API, or with a selected textarea and execCommand where that API is missing (http, old WebViews). */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the legacy way
  }
  try {
    const ta = document.createElement("textarea");
    ta.value = text;
    ta.setAttribute("readonly", "");
    ta.style.position = "fixed";
    ta.style.opacity = "0";
    document.body.appendChild(ta);
    ta.select();
    const ok = document.execCommand("copy");
    document.body.removeChild(ta);
    return ok;
  } catch {
    return false;
  }
}
