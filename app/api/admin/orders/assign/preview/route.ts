import { adminRoute } from "@/lib/api/handler";
import { AssignPreviewBody, previewAssign } from "@/lib/orders/assign";

// Changes nothing: the assignment runs in a transaction that is rolled back.
export const POST = adminRoute(async ({ body, user }) => previewAssign(await body(AssignPreviewBody), user.id));
