import { adminRoute } from "@/lib/api/handler";
import { read } from "@/lib/reads";
import { AuditPage, AuditQuery } from "@/lib/contracts/audit";

export const GET = adminRoute(async ({ query }) => read("listAudit", query(AuditQuery)), { response: AuditPage });
