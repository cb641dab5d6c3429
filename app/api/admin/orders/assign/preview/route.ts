import { adminRoute } from "@/lib/api/handler";
import { previewAssign } from "@/lib/orders/assign";
import { AssignPreview, AssignPreviewBody } from "@/lib/contracts/orders";

// Changes nothing: the assignment runs in a transaction that is rolled back.
export const POST = adminRoute(async ({ body, user }) => previewAssign(await body(AssignPreviewBody), user.id), { response: AssignPreview });
