import { adminRoute } from "@/lib/api/handler";
import { PreviewBody, previewRules } from "@/lib/earnings/admin";

export const POST = adminRoute(async ({ body }) => previewRules(await body(PreviewBody)));
