import { adminRoute } from "@/lib/api/handler";
import { dashboard, DashboardQuery } from "@/lib/admin/dashboard";

export const GET = adminRoute(async ({ query }) => dashboard(query(DashboardQuery).range));
