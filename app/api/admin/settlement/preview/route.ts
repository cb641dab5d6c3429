import { adminRoute } from "@/lib/api/handler";
import { settlementPreview } from "@/lib/earnings/admin";
import { SettlementPreview } from "@/lib/contracts/earnings";

export const GET = adminRoute(async () => settlementPreview(), { response: SettlementPreview });
