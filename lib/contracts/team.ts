// What a member sees of their team beyond the counts: 团队订单 (the orders of their level-1 and level-2 members
// that earn them money, with their own share) and one downline member's detail; and the list's filter.
import { z } from "zod";
import { cursorParam, Instant, limitParam, page, Yuan } from "./common";
import { CommissionStatusSchema, ORDER_STATUSES, OrderStatusSchema } from "./enums";

export const TeamLevelSchema = z.union([z.literal(1), z.literal(2)]);

export const TeamOrderQuery = z.object({
  level: z.coerce.number({ error: "层级只能是 1 或 2" }).pipe(TeamLevelSchema).optional(),
  status: z.enum(ORDER_STATUSES, { error: "订单状态无效" }).optional(),
  /** One downline member's orders (their id from the team list). */
  memberId: z.string().trim().max(64, "会员无效").optional(),
  cursor: cursorParam,
  limit: limitParam(20),
});
export type TeamOrderQuery = z.infer<typeof TeamOrderQuery>;

export const TeamOrder = z.object({
  /** The order's row id: a list key, not Meituan's order number (a downline's order number is theirs). */
  id: z.number().int(),
  title: z.string().nullable(),
  status: OrderStatusSchema,
  refundType: z.string().nullable(),
  payAmount: Yuan.nullable(),
  occurredAt: Instant,
  level: TeamLevelSchema,
  /** The downline member who placed it: name and masked login. */
  member: z.object({ id: z.string(), label: z.string() }),
  /** My share: the net of my commission rows on this order (void rows count 0), and the earning row's status. */
  myShare: z.object({ amount: Yuan, status: CommissionStatusSchema }),
});
export type TeamOrder = z.infer<typeof TeamOrder>;
export const TeamOrderPage = page(TeamOrder);

export const Downline = z.object({
  id: z.string(),
  label: z.string(),
  name: z.string().nullable(),
  /** Masked (138****5678). */
  login: z.string(),
  level: TeamLevelSchema,
  joinedAt: Instant,
  orders: z.number().int(),
  /** Σ my rows (not void) on their orders. */
  earnedForMe: Yuan,
  /** The later of their last order and their registration. */
  lastActiveAt: Instant,
  lastActiveKind: z.enum(["order", "registration"]),
  /** Members they invited (my level 2 when they are my level 1). */
  invited: z.number().int(),
});
export type Downline = z.infer<typeof Downline>;
