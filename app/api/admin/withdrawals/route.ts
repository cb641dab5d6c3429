import { adminRoute } from "@/lib/api/handler";
import { AdminWithdrawalQuery, listWithdrawals } from "@/lib/earnings/admin";
import { AdminWithdrawalPage } from "@/lib/contracts/earnings";

export const GET = adminRoute(async ({ query }) => listWithdrawals(query(AdminWithdrawalQuery)), { response: AdminWithdrawalPage });
