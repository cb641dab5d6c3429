import { adminRoute } from "@/lib/api/handler";
import { listAudit } from "@/lib/audit-queries";
import { AuditPage, AuditQuery } from "@/lib/contracts/audit";

export const GET = adminRoute(async ({ query }) => listAudit(query(AuditQuery)), { response: AuditPage });
