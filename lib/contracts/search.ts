// The console search: what it accepts and what it answers (GET /api/admin/search?q=).
import { z } from "zod";
import { Instant, Yuan } from "./common";
import { OrderStatusSchema, RoleSchema } from "./enums";

export const SearchQuery = z.object({
  q: z.string({ error: "请输入搜索内容" }).trim().min(1, "请输入搜索内容").max(64, "搜索内容最多 64 个字"),
});

/** Results per group. */
export const SEARCH_LIMIT = 8;
/** An order id is searched by prefix from this many digits on (Meituan's order ids have about 18). */
export const ORDER_ID_PREFIX_MIN = 6;
export const isOrderIdPrefix = (term: string) => term.length >= ORDER_ID_PREFIX_MIN && /^\d+$/.test(term);

export const MEMBER_MATCHES = ["inviteCode", "sid", "username", "name"] as const;
export type MemberMatch = (typeof MEMBER_MATCHES)[number];

/** A member as operators see them: a name and a masked phone or email, never an id (the id only links). */
const MemberName = z.object({ id: z.string(), name: z.string().nullable(), phone: z.string() });

export const SearchResults = z.object({
  orders: z.array(
    z.object({
      orderId: z.string(),
      title: z.string().nullable(),
      status: OrderStatusSchema,
      occurredAt: Instant,
      gmv: Yuan,
      /** The term is this whole order id: Enter opens it. */
      exact: z.boolean(),
      member: MemberName.nullable(),
      sid: z.string().nullable(),
    }),
  ),
  members: z.array(MemberName.extend({ sid: z.string().nullable(), role: RoleSchema, disabled: z.boolean(), match: z.enum(MEMBER_MATCHES) })),
});
export type SearchResults = z.infer<typeof SearchResults>;
