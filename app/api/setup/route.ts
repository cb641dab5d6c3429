import { publicRoute, SMALL_BODY_LIMIT } from "@/lib/api/handler";
import { createFirstAdmin } from "@/lib/setup/first-admin";

// 404 once any admin exists, whatever the body says (lib/setup/first-admin.ts).
export const POST = publicRoute(async ({ json }) => Response.json(await createFirstAdmin(await json()), { status: 201 }), { maxBody: SMALL_BODY_LIMIT });
