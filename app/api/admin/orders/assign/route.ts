import { adminRoute } from "@/lib/api/handler";
import { AssignBody, assignOrders } from "@/lib/orders/assign";

export const POST = adminRoute(async ({ body, user }) => {
  const { assigned, skipped } = await assignOrders(await body(AssignBody), user.id);
  return { assigned, skipped };
});
