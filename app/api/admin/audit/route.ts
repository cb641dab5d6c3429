import { adminRoute } from "@/lib/api/handler";
import { AuditQuery, listAudit } from "@/lib/audit-queries";
import { AuditPage } from "@/lib/contracts/audit";

export const GET = adminRoute(async ({ query }) => listAudit(query(AuditQuery)), { response: AuditPage });
