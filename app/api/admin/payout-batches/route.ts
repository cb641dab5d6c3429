import { adminRoute } from "@/lib/api/handler";
import { createPayoutBatch, listPayoutBatches } from "@/lib/earnings/batches";
import { PayoutBatch, PayoutBatches } from "@/lib/contracts/earnings";

export const GET = adminRoute(async () => listPayoutBatches(), { response: PayoutBatches });
export const POST = adminRoute(async ({ user }) => await createPayoutBatch(user.id), { response: PayoutBatch, status: 201 });
