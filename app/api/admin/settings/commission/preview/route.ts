import { adminRoute } from "@/lib/api/handler";
import { previewRules } from "@/lib/earnings/admin";
import { CommissionPreview, PreviewBody } from "@/lib/contracts/settings";

export const POST = adminRoute(async ({ body }) => previewRules(await body(PreviewBody)), { response: CommissionPreview });
