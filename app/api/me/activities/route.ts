import { memberRoute } from "@/lib/api/handler";
import { listActivities } from "@/lib/promotion/links";

export const GET = memberRoute(async () => listActivities(true));
