import { adminRoute } from "@/lib/api/handler";
import { bulkApprove } from "@/lib/earnings/admin";
import { BulkApproveBody, BulkApproveResult } from "@/lib/contracts/earnings";

export const POST = adminRoute(async ({ body, user }) => bulkApprove(await body(BulkApproveBody), user.id), { response: BulkApproveResult });
