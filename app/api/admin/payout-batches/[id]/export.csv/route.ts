import { adminRoute } from "@/lib/api/handler";
import { parseId } from "@/lib/api/params";
import { payoutBatchCsv } from "@/lib/earnings/batches";

export const GET = adminRoute(async ({ params }) => {
  const id = parseId(params.id, "打款批次");
  return new Response(await payoutBatchCsv(id), {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="payout-batch-${id}.csv"`, "cache-control": "no-store" },
  });
});
