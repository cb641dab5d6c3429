import { memberRoute } from "@/lib/api/handler";
import { listActivities } from "@/lib/promotion/links";
import { Activities } from "@/lib/contracts/promotion";

export const GET = memberRoute(async () => listActivities(true), { response: Activities });
