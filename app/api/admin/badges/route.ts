import { adminRoute } from "@/lib/api/handler";
import { consoleBadges } from "@/lib/admin/badges";
import { ConsoleBadges } from "@/lib/contracts/badges";

export const GET = adminRoute(async () => consoleBadges(), { response: ConsoleBadges });
