import { adminRoute } from "@/lib/api/handler";
import { AuditQuery, listAudit } from "@/lib/audit-queries";

export const GET = adminRoute(async ({ query }) => listAudit(query(AuditQuery)));
