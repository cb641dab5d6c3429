import { adminRoute } from "@/lib/api/handler";
import { createPayoutBatch, listPayoutBatches } from "@/lib/earnings/batches";

export const GET = adminRoute(async () => listPayoutBatches());

export const POST = adminRoute(async ({ user }) => Response.json(await createPayoutBatch(user.id), { status: 201 }));
