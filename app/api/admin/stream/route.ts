import { adminRoute } from "@/lib/api/handler";
import { adminStream } from "@/lib/live/admin-stream";

export const dynamic = "force-dynamic";

export const GET = adminRoute(async ({ req }) => adminStream(req.signal));
