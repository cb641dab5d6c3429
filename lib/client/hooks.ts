"use client";
// One SWR hook per API resource, keyed by its URL and typed by its response contract (lib/contracts), so a page
// never names a URL or restates a response type. Lists are keyset pages (usePaged).
import { usePaged } from "@/lib/client/use-paged";
import useSWR, { type SWRConfiguration } from "swr";
import type { z } from "zod";
import type { AuditItem } from "@/lib/contracts/audit";
import type { Agreements } from "@/lib/contracts/agreements";
import type { ConsoleBadges } from "@/lib/contracts/badges";
import type { Downline, TeamOrder } from "@/lib/contracts/team";
import type { Dashboard } from "@/lib/contracts/dashboard";
import type { AdminWithdrawal, CommissionItem, DailyEarnings, PayoutAccount, PayoutBatches, Summary, Team, Withdrawal } from "@/lib/contracts/earnings";
import type { DashboardRange } from "@/lib/contracts/enums";
import type { InboxPush } from "@/lib/contracts/inbox";
import type { AdminFunnel, MemberFunnel } from "@/lib/contracts/links";
import type { AdminMember, MemberActivityEntry, MemberDetail } from "@/lib/contracts/members";
import type { AdminOrder, AdminOrderDetail, MemberOrder, OrderPushQuery, OrderTotals, Push } from "@/lib/contracts/orders";
import type { Activities, AdminClaim, Claim } from "@/lib/contracts/promotion";
import type { MemberPush, MemberWechat, Robots, WebPushStatus, WechatConfig } from "@/lib/contracts/notify";
import type { SyncRuns } from "@/lib/contracts/reconcile";
import type { SearchResults } from "@/lib/contracts/search";
import type { AlertsOverview } from "@/lib/contracts/alerts";
import type { NotificationItem, NotificationPage, NotificationPreferences } from "@/lib/contracts/notifications";
import type { CommissionSettings, RuleVersion } from "@/lib/contracts/settings";
import { fetcher } from "./api";

const useResource = <T>(url: string | null, config?: SWRConfiguration<T>) => useSWR<T>(url, fetcher, config);
const withQuery = (path: string, query?: URLSearchParams | string) => (query && String(query) ? `${path}?${query}` : path);

// ---- the member's own ------------------------------------------------------------------------------------------

export const useSummary = () => useResource<Summary>("/api/me/summary");
export const useDailyEarnings = (days = 30) => useResource<DailyEarnings>(`/api/me/earnings/daily?days=${days}`);
export const useTeam = () => useResource<Team>("/api/me/team");
export const useMemberOrders = (query: URLSearchParams | string = "") => usePaged<MemberOrder>(withQuery("/api/me/orders", query));
export const useCommissions = (withdrawalId?: string | null) => usePaged<CommissionItem>(`/api/me/commissions?limit=20${withdrawalId ? `&withdrawalId=${encodeURIComponent(withdrawalId)}` : ""}`);
export const useWithdrawals = () => usePaged<Withdrawal>("/api/me/withdrawals?limit=20");
export const PAYOUT_ACCOUNT_KEY = "/api/me/payout-account";
export const usePayoutAccount = () => useResource<{ account: PayoutAccount | null }>(PAYOUT_ACCOUNT_KEY);
export const useMemberActivities = () => useResource<Activities>("/api/me/activities");
export const CLAIMS_KEY = "/api/me/claims";
export const useClaims = () => useResource<{ items: Claim[] }>(CLAIMS_KEY);
/** The bell: the newest few and the unread count (the live stream revalidates it). */
export const useLatestNotifications = () => useResource<NotificationPage>("/api/me/notifications?limit=5");
export const useNotifications = () => usePaged<NotificationItem>("/api/me/notifications?limit=20");
export const NOTIFICATION_PREFERENCES_KEY = "/api/me/notifications/preferences";
export const useNotificationPreferences = () => useResource<NotificationPreferences>(NOTIFICATION_PREFERENCES_KEY);
export const MEMBER_WECHAT_KEY = "/api/me/wechat/binding";
export const useMemberWechat = () => useResource<MemberWechat>(MEMBER_WECHAT_KEY);
export const MEMBER_PUSH_KEY = "/api/me/push";
export const useMemberPush = () => useResource<MemberPush>(MEMBER_PUSH_KEY);
/** Polled every 30 s, so a link just generated above it and its first clicks show without a reload. */
export const useMemberFunnel = (days: number) => useResource<MemberFunnel>(`/api/me/funnel?days=${days}`, { keepPreviousData: true, refreshInterval: 30_000 });

// ---- the console -----------------------------------------------------------------------------------------------

/** What waits for an operator, on the navigation of every console page: polled every 30 s. */
export const useConsoleBadges = () => useResource<ConsoleBadges>("/api/admin/badges", { refreshInterval: 30_000 });
export const useDashboard = (range: DashboardRange) => useResource<Dashboard>(`/api/admin/dashboard?range=${range}`, { refreshInterval: 60_000 });
/** The header search; the previous answer stays shown while the next term loads. */
export const useAdminSearch = (term: string) =>
  useResource<SearchResults>(term ? `/api/admin/search?q=${encodeURIComponent(term)}` : null, { keepPreviousData: true });
export const useAdminOrders = (query: URLSearchParams | string) => usePaged<AdminOrder>(withQuery("/api/admin/orders", query));
export const useOrderTotals = (query: URLSearchParams | string) => useResource<OrderTotals>(withQuery("/api/admin/orders/totals", query));
export const useAdminOrder = (orderId: string) => useResource<AdminOrderDetail>(`/api/admin/orders/${encodeURIComponent(orderId)}`);
export const useOrderPushes = (orderId: string, signature: NonNullable<z.input<typeof OrderPushQuery>["signature"]>) => usePaged<Push>(`/api/admin/orders/${encodeURIComponent(orderId)}/pushes?signature=${signature}`);
export const useInboxPushes = (query: URLSearchParams | string) => usePaged<InboxPush>(withQuery("/api/admin/pushes", query));
export const useMembers = (query: URLSearchParams | string) => usePaged<AdminMember>(withQuery("/api/admin/members", query));
export const useMember = (id: string) => useResource<MemberDetail>(`/api/admin/members/${encodeURIComponent(id)}`);
export const useMemberActivity = (id: string) => usePaged<MemberActivityEntry>(`/api/admin/members/${encodeURIComponent(id)}/activity`);
export const useAuditLog = (query: URLSearchParams | string) => usePaged<AuditItem>(withQuery("/api/admin/audit", query));
export const useAdminWithdrawals = (query: URLSearchParams | string) => usePaged<AdminWithdrawal>(withQuery("/api/admin/withdrawals", query));
export const PAYOUT_BATCHES_KEY = "/api/admin/payout-batches";
export const usePayoutBatches = () => useResource<PayoutBatches>(PAYOUT_BATCHES_KEY);
export const COMMISSION_SETTINGS_KEY = "/api/admin/settings/commission";
export const useCommissionSettings = () => useResource<CommissionSettings>(COMMISSION_SETTINGS_KEY, { revalidateOnFocus: false });
export const AGREEMENTS_KEY = "/api/admin/settings/agreements";
export const useAgreements = () => useResource<Agreements>(AGREEMENTS_KEY, { revalidateOnFocus: false });
export const useTeamOrders = (query: URLSearchParams | string) => usePaged<TeamOrder>(withQuery("/api/me/team/orders", query));
export const useDownline = (id: string) => useResource<Downline>(`/api/me/team/${encodeURIComponent(id)}`);
export const useRuleHistory = () => usePaged<RuleVersion>("/api/admin/settings/commission/history?limit=20");
export const useAdminClaims = (status: string) => useResource<{ items: AdminClaim[] }>(`/api/admin/claims${status === "all" ? "" : `?status=${encodeURIComponent(status)}`}`);
export const ADMIN_ACTIVITIES_KEY = "/api/admin/activities";
export const useAdminActivities = () => useResource<Activities>(ADMIN_ACTIVITIES_KEY);
export const ALERTS_KEY = "/api/admin/alerts";
export const useAlerts = () => useResource<AlertsOverview>(ALERTS_KEY);
/** One page of the console's funnel (its totals cover every page); the previous one stays shown while the next loads. */
export const useAdminFunnel = (query: URLSearchParams | string) => useResource<AdminFunnel>(withQuery("/api/admin/funnel", query), { keepPreviousData: true });
export const useSyncRuns = (config?: SWRConfiguration<SyncRuns>) => useResource<SyncRuns>("/api/admin/sync/runs", config);
export const ALERT_ROBOTS_KEY = "/api/admin/notify/robots";
export const useAlertRobots = () => useResource<Robots>(ALERT_ROBOTS_KEY);
export const WECHAT_CONFIG_KEY = "/api/admin/notify/wechat";
export const useWechatConfig = () => useResource<WechatConfig>(WECHAT_CONFIG_KEY, { revalidateOnFocus: false });
export const useWebPushStatus = () => useResource<WebPushStatus>("/api/admin/notify/webpush");
