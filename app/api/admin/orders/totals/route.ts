import { adminRoute } from "@/lib/api/handler";
import { orderTotals } from "@/lib/orders/money";
import { AdminOrderQuery, OrderTotals } from "@/lib/contracts/orders";

export const GET = adminRoute(async ({ query }) => {
  const { cursor: _c, limit: _l, ...filter } = query(AdminOrderQuery);
  return orderTotals(filter);
}, { response: OrderTotals });
