import { adminRoute } from "@/lib/api/handler";
import { settlementPreview } from "@/lib/earnings/admin";

export const GET = adminRoute(async () => settlementPreview());
