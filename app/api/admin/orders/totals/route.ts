import { adminRoute } from "@/lib/api/handler";
import { orderTotals } from "@/lib/orders/money";
import { AdminOrderQuery } from "@/lib/orders/queries";

export const GET = adminRoute(async ({ query }) => {
  const { cursor: _c, limit: _l, ...filter } = query(AdminOrderQuery);
  return orderTotals(filter);
});
