import { adminRoute } from "@/lib/api/handler";
import { PreviewBody, previewRules } from "@/lib/earnings/admin";
import { CommissionPreview } from "@/lib/contracts/settings";

export const POST = adminRoute(async ({ body }) => previewRules(await body(PreviewBody)), { response: CommissionPreview });
