import { adminRoute } from "@/lib/api/handler";
import { readStream } from "@/lib/reads";
import { beijingDay } from "@/lib/time";
import { AdminOrderQuery } from "@/lib/contracts/orders";

export const GET = adminRoute(async ({ query }) => {
  const { cursor: _c, limit: _l, ...filter } = query(AdminOrderQuery);
  return new Response(readStream("exportOrdersCsv", filter), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="orders-${beijingDay(new Date())}.csv"`,
      "cache-control": "no-store",
    },
  });
});
