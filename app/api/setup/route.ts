import { publicRoute, SMALL_BODY_LIMIT } from "@/lib/api/handler";
import { FirstAdminCreated } from "@/lib/contracts/setup";
import { createFirstAdmin } from "@/lib/setup/first-admin";

// 404 once any admin exists, whatever the body says: the domain reads the body only after that check.
export const POST = publicRoute(async ({ json }) => createFirstAdmin(await json()), { maxBody: SMALL_BODY_LIMIT, response: FirstAdminCreated, status: 201 });
