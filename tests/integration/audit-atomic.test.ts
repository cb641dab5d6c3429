// Every admin change commits with its audit row or not at all: with the audit insert failing, the change is
// refused and nothing of it is kept; once the audit log works again, the same change goes through, audited.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ddl, useTestDatabase } from "../helpers/db";
import { q } from "@/lib/db/query";

const testDb = useTestDatabase();

let adminId: string;
let memberId: string;

beforeAll(async () => {
  const { upsertAdmin, registerMember } = await import("@/lib/accounts/register");
  const { rawDb } = await import("@/lib/db");
  await upsertAdmin("audit-boss@example.com", "Admin-Pass-123");
  adminId = (await rawDb().row(q.selectFrom("users").select("id").where("username", "=", "audit-boss@example.com")))!.id;
  memberId = (await registerMember({ username: "audit-member@example.com", agreed: true, password: "Member-Pass-123" })).id;
});

/** Makes every insert into audit_logs fail until `restore`. */
async function breakAuditLog() {
  const pg = testDb.kind === "postgres";
  const statements = pg
    ? [
        `CREATE FUNCTION audit_down() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'audit log unavailable'; END $$ LANGUAGE plpgsql`,
        `CREATE TRIGGER audit_down BEFORE INSERT ON audit_logs FOR EACH ROW EXECUTE FUNCTION audit_down()`,
      ]
    : [`CREATE TRIGGER audit_down BEFORE INSERT ON audit_logs BEGIN SELECT RAISE(ABORT, 'audit log unavailable'); END`];
  await ddl(...statements);
}

const repairAuditLog = () =>
  ddl(`DROP TRIGGER IF EXISTS audit_down${testDb.kind === "postgres" ? " ON audit_logs" : ""}`, ...(testDb.kind === "postgres" ? [`DROP FUNCTION IF EXISTS audit_down()`] : []));

afterEach(repairAuditLog);

async function activity(actId: string) {
  const { rawDb } = await import("@/lib/db");
  return rawDb().row(q.selectFrom("activities").select(["id", "name", "enabled"]).where("actId", "=", actId));
}

async function auditCount(action: string) {
  const { rawDb } = await import("@/lib/db");
  return (await rawDb().rows(q.selectFrom("audit_logs").select("id").where("action", "=", action))).length;
}

describe("admin changes and their audit rows", () => {
  it("creating an activity fails whole when its audit row cannot be written", async () => {
    const { saveActivity } = await import("@/lib/promotion/links");
    await breakAuditLog();
    await expect(saveActivity({ actId: "901", name: "外卖" }, adminId)).rejects.toThrow(/audit log unavailable/);
    expect(await activity("901")).toBeUndefined();
  });

  it("updating an activity fails whole: it keeps its old values", async () => {
    const { saveActivity } = await import("@/lib/promotion/links");
    const created = await saveActivity({ actId: "902", name: "闪购" }, adminId);
    expect(await auditCount("activity.create")).toBe(1);
    await breakAuditLog();
    await expect(saveActivity({ actId: "902", name: "改名", enabled: false }, adminId, created.id)).rejects.toThrow(/audit log unavailable/);
    expect(await activity("902")).toEqual({ id: created.id, name: "闪购", enabled: true });
    expect(await auditCount("activity.update")).toBe(0);
  });

  it("disabling a member fails whole; with the audit log back, it is disabled and audited", async () => {
    const { setDisabled } = await import("@/lib/accounts/admin");
    const { rawDb } = await import("@/lib/db");
    const disabled = () => rawDb().row(q.selectFrom("users").select("disabled").where("id", "=", memberId));
    await breakAuditLog();
    await expect(setDisabled(memberId, true, "核实中", adminId)).rejects.toThrow(/audit log unavailable/);
    expect(await disabled()).toEqual({ disabled: false });
    expect(await auditCount("member.disable")).toBe(0);

    await repairAuditLog();
    await setDisabled(memberId, true, "核实中", adminId);
    expect(await disabled()).toEqual({ disabled: true });
    expect(await auditCount("member.disable")).toBe(1);
  });
});
