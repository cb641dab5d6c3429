// Monotonic order status: pushes are ordered by Meituan's modTime, then by status rank. A push that is not
// newer than what the order already shows is recorded but never applied.
import type { IgnoreReason } from "../contracts/enums";

export interface StatusPosition {
  upstreamUpdatedAt: Date | null;
  statusRank: number;
}

export function decide(current: StatusPosition, incoming: StatusPosition): { apply: true } | { apply: false; reason: IgnoreReason } {
  const a = current.upstreamUpdatedAt?.getTime();
  const b = incoming.upstreamUpdatedAt?.getTime();
  if (a !== undefined && b !== undefined && a !== b) {
    return b > a ? { apply: true } : { apply: false, reason: "older_push" };
  }
  return incoming.statusRank > current.statusRank ? { apply: true } : { apply: false, reason: "not_newer" };
}
