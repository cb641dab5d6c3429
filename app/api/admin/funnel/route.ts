import { adminRoute } from "@/lib/api/handler";
import { AdminFunnel, AdminFunnelQuery } from "@/lib/contracts/links";
import { adminFunnel } from "@/lib/links/funnel";

export const GET = adminRoute(async ({ query }) => adminFunnel(query(AdminFunnelQuery)), { response: AdminFunnel });
