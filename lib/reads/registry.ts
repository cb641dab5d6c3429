// Every read that may run in the read pool (lib/reads/pool.ts), by name: a worker thread cannot receive a function,
// so it imports this module and calls the read the main thread names, with the arguments it sent (structured
// clone: plain data and Dates). Each is an async domain function that only reads; it runs unchanged on either
// thread, on a read-only connection in a worker.
import { listMembers } from "../accounts/member-list";
import { memberDetail } from "../accounts/admin";
import { dashboard } from "../admin/dashboard";
import { listAudit } from "../audit-queries";
import { listWithdrawals } from "../earnings/admin";
import { memberCommissions, memberDailyEarnings, memberSummary, memberTeam, memberWithdrawals } from "../earnings/portal";
import { downlineDetail, teamOrders } from "../earnings/team";
import { listPushes } from "../inbox/admin";
import { exportOrdersCsv } from "../orders/export";
import { orderTotals } from "../orders/money";
import { listAdminOrders, listMemberOrders } from "../orders/queries";

export const reads = {
  dashboard,
  orderTotals,
  listAdminOrders,
  listPushes,
  listMembers,
  memberDetail,
  listWithdrawals,
  listAudit,
  listMemberOrders,
  memberSummary,
  memberDailyEarnings,
  memberCommissions,
  memberWithdrawals,
  memberTeam,
  teamOrders,
  downlineDetail,
};

/** Reads whose answer is a byte stream, sent back chunk by chunk as the client takes them. */
export const streams = {
  exportOrdersCsv,
};

/**
 * Reads that concurrent identical requests may share (each says so itself: they already share in-process): with
 * the pool the sharing happens before dispatch, so four operators opening the dashboard cost one aggregation.
 */
export const shared: ReadonlySet<ReadName> = new Set<ReadName>(["dashboard", "orderTotals"]);

export type Reads = typeof reads;
export type ReadName = keyof Reads;
export type Streams = typeof streams;
export type StreamName = keyof Streams;
