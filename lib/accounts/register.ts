// Creating accounts: members through registration, the first admin from the environment or the CLI.
import { randomUUID } from "node:crypto";
import type { Insertable } from "kysely";
import { rawDb } from "../db";
import { exec, q, type DB, type Work } from "../db/query";
import { openBalance } from "../rollups/balances";
import { isUniqueViolation } from "../db/errors";
import { syncOrderCommissions } from "../earnings/ledger";
import { ApiError, assertCleanText, invalid } from "../api/errors";
import { hashPassword } from "../auth/password";
import { newInviteCode, newSid } from "./ids";
import { consentRows } from "../agreements";
import type { AgreementKind } from "../contracts/enums";
import { PasswordSchema, RegisterSchema, UsernameSchema } from "../contracts/members";

export interface Registered {
  id: string;
  sid: string;
  inviteCode: string;
}

/** Which unique key refused the write (the constraint on PostgreSQL, the message on SQLite), or null for another error. */
const uniqueViolationOn = (e: unknown): string | null => {
  if (!isUniqueViolation(e)) return null;
  const err = e as { message?: string; constraint?: string };
  return `${err.constraint ?? ""} ${err.message ?? ""}`;
};

export type NewUser = Required<Omit<Insertable<DB["users"]>, "disabled" | "createdAt" | "updatedAt">> & { role: "MEMBER" | "ADMIN" };

/** The user, their place in the referral tree, and any orders already waiting for their sid, in one transaction. */
export function* insertUser(u: NewUser, consent?: Partial<Record<AgreementKind, number>>): Work<void> {
  const now = new Date();
  yield* exec(q.insertInto("users").values({ ...u, disabled: false, createdAt: now, updatedAt: now }));
  yield* openBalance(u.id);
  if (consent) yield* consentRows(u.id, consent, now);
  yield* exec(q.insertInto("referral_paths").values({ ancestorId: u.id, descendantId: u.id, depth: 0 }));
  if (u.inviterId) {
    yield* exec(
      q.insertInto("referral_paths")
        .columns(["ancestorId", "descendantId", "depth"])
        .expression((eb) => eb.selectFrom("referral_paths").select((s) => ["ancestorId", s.val(u.id).as("descendantId"), s("depth", "+", 1).as("depth")]).where("descendantId", "=", u.inviterId!)),
    );
  }
  const waiting = yield* exec(q.updateTable("orders").set({ memberId: u.id, updatedAt: now }).where("sid", "=", u.sid).where("memberId", "is", null).returning("id"));
  for (const o of waiting) yield* syncOrderCommissions(o.id, { at: now, cause: "attribution" });
}

async function createUser(data: { username: string; password: string; name?: string; role: "MEMBER" | "ADMIN"; inviterId?: string | null; consent?: Partial<Record<AgreementKind, number>> }) {
  const passwordHash = await hashPassword(data.password);
  const raw = rawDb();
  for (let attempt = 0; ; attempt++) {
    const user: NewUser = {
      id: randomUUID(),
      username: data.username,
      passwordHash,
      name: data.name ?? null,
      role: data.role,
      sid: newSid(),
      inviteCode: newInviteCode(),
      inviterId: data.inviterId ?? null,
    };
    try {
      await raw.transaction(() => insertUser(user, data.consent));
      return { id: user.id, sid: user.sid, inviteCode: user.inviteCode };
    } catch (e) {
      const on = uniqueViolationOn(e);
      if (on === null) throw e;
      if (on.includes("username")) throw new ApiError(409, "username_taken", "该手机号或邮箱已注册");
      if (attempt >= 5) throw e; // a generated sid or invite code collided five times: not plausible
    }
  }
}

export async function registerMember(input: unknown): Promise<Registered> {
  assertCleanText(input);
  const parsed = RegisterSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error);
  const { username, password, name, inviteCode, agreed, termsVersion, privacyVersion } = parsed.data;
  let inviterId: string | null = null;
  if (inviteCode) {
    const inviter = await rawDb().row(q.selectFrom("users").select("id").where("inviteCode", "=", inviteCode));
    if (!inviter) throw new ApiError(422, "invalid_invite_code", "邀请码不存在", { inviteCode: ["邀请码不存在"] });
    inviterId = inviter.id;
  }
  return createUser({ username, password, name, role: "MEMBER", inviterId, consent: agreed ? { terms: termsVersion, privacy: privacyVersion } : undefined });
}

/** Creates an admin, or promotes and resets the password of an existing account. Returns what it did. */
export async function upsertAdmin(usernameInput: string, password: string): Promise<"created" | "updated"> {
  const username = UsernameSchema.parse(usernameInput);
  PasswordSchema.parse(password);
  const raw = rawDb();
  const existing = await raw.row(q.selectFrom("users").select("id").where("username", "=", username));
  if (existing) {
    const passwordHash = await hashPassword(password);
    await raw.rows(q.updateTable("users").set({ role: "ADMIN", disabled: false, passwordHash, updatedAt: new Date() }).where("id", "=", existing.id));
    return "updated";
  }
  await createUser({ username, password, role: "ADMIN" });
  return "created";
}

/** On start: the first admin from ADMIN_USERNAME / ADMIN_PASSWORD, only while no admin exists. */
export async function bootstrapAdmin(username: string | undefined, password: string | undefined): Promise<boolean> {
  if (!username || !password) return false;
  const admin = await rawDb().row(q.selectFrom("users").select("id").where("role", "=", "ADMIN").limit(1));
  if (admin) return false;
  try {
    await upsertAdmin(username, password);
  } catch (e) {
    // Instances starting together race to create the same first admin: the unique username decides, and the
    // losers simply find it done.
    if (e instanceof ApiError && e.code === "username_taken") return false;
    throw e;
  }
  return true;
}
