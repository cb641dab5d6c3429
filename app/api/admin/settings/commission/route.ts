import { adminRoute } from "@/lib/api/handler";
import { z } from "zod";
import { getCommissionSettings, updateCommissionSettings } from "@/lib/earnings/admin";

export const GET = adminRoute(async () => getCommissionSettings());

export const PUT = adminRoute(async ({ body, user }) => updateCommissionSettings(await body(z.unknown()), user.id));
