import { adminRoute } from "@/lib/api/handler";
import { z } from "zod";
import { getCommissionSettings, updateCommissionSettings } from "@/lib/earnings/admin";
import { CommissionSettings } from "@/lib/contracts/settings";

export const GET = adminRoute(async () => getCommissionSettings(), { response: CommissionSettings });
export const PUT = adminRoute(async ({ body, user }) => updateCommissionSettings(await body(z.unknown()), user.id), { response: CommissionSettings });
