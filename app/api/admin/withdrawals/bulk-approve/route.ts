import { adminRoute } from "@/lib/api/handler";
import { bulkApprove, BulkApproveBody } from "@/lib/earnings/admin";
import { BulkApproveResult } from "@/lib/contracts/earnings";

export const POST = adminRoute(async ({ body, user }) => bulkApprove(await body(BulkApproveBody), user.id), { response: BulkApproveResult });
