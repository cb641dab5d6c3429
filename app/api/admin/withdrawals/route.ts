import { adminRoute } from "@/lib/api/handler";
import { listWithdrawals } from "@/lib/earnings/admin";
import { AdminWithdrawalPage, AdminWithdrawalQuery } from "@/lib/contracts/earnings";

export const GET = adminRoute(async ({ query }) => listWithdrawals(query(AdminWithdrawalQuery)), { response: AdminWithdrawalPage });
