// What the console search accepts, without any database import, so the search box in the browser shares it.
import { z } from "zod";

export const SearchQuery = z.object({
  q: z.string({ error: "请输入搜索内容" }).trim().min(1, "请输入搜索内容").max(64, "搜索内容最多 64 个字"),
});

/** Results per group. */
export const SEARCH_LIMIT = 8;
/** An order id is searched by prefix from this many digits on (Meituan's order ids have about 18). */
export const ORDER_ID_PREFIX_MIN = 6;
export const isOrderIdPrefix = (term: string) => term.length >= ORDER_ID_PREFIX_MIN && /^\d+$/.test(term);
