import { adminRoute } from "@/lib/api/handler";
import { parseId } from "@/lib/api/params";
import { payPayoutBatch } from "@/lib/earnings/batches";
import { PayBatchBody, PayoutBatchPaid } from "@/lib/contracts/earnings";

export const POST = adminRoute(async ({ params, user, body }) => payPayoutBatch(parseId(params.id, "打款批次"), user.id, await body(PayBatchBody)), { response: PayoutBatchPaid });
