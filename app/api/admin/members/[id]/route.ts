import { adminRoute } from "@/lib/api/handler";
import { memberDetail } from "@/lib/accounts/admin";

export const GET = adminRoute(async ({ params }) => memberDetail(params.id));
