import { adminRoute } from "@/lib/api/handler";
import { exportOrdersCsv } from "@/lib/orders/export";
import { beijingDay } from "@/lib/time";
import { AdminOrderQuery } from "@/lib/contracts/orders";

export const GET = adminRoute(async ({ query }) => {
  const { cursor: _c, limit: _l, ...filter } = query(AdminOrderQuery);
  return new Response(exportOrdersCsv(filter), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="orders-${beijingDay(new Date())}.csv"`,
      "cache-control": "no-store",
    },
  });
});
