import { adminRoute } from "@/lib/api/handler";
import { read } from "@/lib/reads";
import { AdminOrderQuery, OrderTotals } from "@/lib/contracts/orders";

export const GET = adminRoute(async ({ query }) => {
  const { cursor: _c, limit: _l, ...filter } = query(AdminOrderQuery);
  return read("orderTotals", filter);
}, { response: OrderTotals });
