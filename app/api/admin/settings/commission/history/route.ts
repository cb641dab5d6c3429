import { adminRoute } from "@/lib/api/handler";
import { ruleHistory, RuleHistoryQuery } from "@/lib/earnings/rule-history";
import { RuleVersionPage } from "@/lib/contracts/settings";

export const GET = adminRoute(async ({ query }) => ruleHistory(query(RuleHistoryQuery)), { response: RuleVersionPage });
