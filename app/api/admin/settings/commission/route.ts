import { adminRoute } from "@/lib/api/handler";
import { getCommissionSettings, updateCommissionSettings } from "@/lib/earnings/admin";
import { CommissionSettings, RuleInputSchema } from "@/lib/contracts/settings";

export const GET = adminRoute(async () => getCommissionSettings(), { response: CommissionSettings });
export const PUT = adminRoute(async ({ body, user }) => updateCommissionSettings(await body(RuleInputSchema), user.id), { response: CommissionSettings });
