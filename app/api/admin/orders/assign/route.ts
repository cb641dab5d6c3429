import { adminRoute } from "@/lib/api/handler";
import { assignOrders } from "@/lib/orders/assign";
import { AssignBody, AssignResult } from "@/lib/contracts/orders";

export const POST = adminRoute(async ({ body, user }) => {
  const { assigned, skipped } = await assignOrders(await body(AssignBody), user.id);
  return { assigned, skipped };
}, { response: AssignResult });
