// 用户协议 and 隐私政策: versioned plain text the operator edits in the console, shown on the public pages and
// accepted at registration. Every save inserts the next version (the unique (kind, version) lets only one of two
// concurrent saves win), so the version a member accepted can always be read back.
import { rawDb } from "../db";
import { exec, first, q, type Work } from "../db/query";
import { isUniqueViolation } from "../db/errors";
import { ApiError, assertCleanText } from "../api/errors";
import { audit } from "../audit";
import { memberLabel } from "../accounts/display";
import { AGREEMENT_KINDS, type AgreementKind } from "../contracts/enums";
import type { AgreementInput } from "../contracts/agreements";
import { DEFAULT_AGREEMENTS } from "./defaults";

/** The latest saved version of the agreement, else the shipped text as version 1. */
export function* currentAgreement(kind: AgreementKind): Work<{ kind: AgreementKind; version: number; body: string; updatedAt: string | null; updatedBy: string | null }> {
  const saved = yield* first(
    q
      .selectFrom("agreements as a")
      .leftJoin("users as u", "u.id", "a.actorId")
      .select(["a.version", "a.body", "a.createdAt", "u.name", "u.username"])
      .where("a.kind", "=", kind)
      .orderBy("a.version", "desc")
      .limit(1),
  );
  if (!saved) return { kind, version: 1, body: DEFAULT_AGREEMENTS[kind], updatedAt: null, updatedBy: null };
  return {
    kind,
    version: saved.version,
    body: saved.body,
    updatedAt: saved.createdAt.toISOString(),
    updatedBy: saved.username ? memberLabel({ name: saved.name, username: saved.username }) : null,
  };
}

export function* currentAgreementsWork() {
  return { terms: yield* currentAgreement("terms"), privacy: yield* currentAgreement("privacy") };
}

export const currentAgreements = () => rawDb().run(() => currentAgreementsWork());

/** Saves the operator's text as the next version; refused when someone saved a newer one since they opened it. */
export async function saveAgreement(input: AgreementInput, actorId: string, now = new Date()) {
  assertCleanText(input.body);
  try {
    return await rawDb().transaction(function* () {
      const current = yield* currentAgreement(input.kind);
      if (current.version !== input.baseVersion) throw changedMeanwhile();
      if (current.body === input.body) throw new ApiError(422, "unchanged", "内容没有变化", { body: ["内容没有变化"] });
      const version = current.version + 1;
      yield* exec(q.insertInto("agreements").values({ kind: input.kind, version, body: input.body, actorId, createdAt: now }));
      yield* audit({ actorId, action: "agreement.update", targetType: "agreement", targetId: `${input.kind}:${version}`, before: { version: current.version, chars: current.body.length }, after: { version, chars: input.body.length } }, now);
      return yield* currentAgreementsWork();
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw changedMeanwhile();
    throw e;
  }
}

const changedMeanwhile = () => new ApiError(409, "agreement_changed", "协议已被其他管理员更新，请刷新后在最新版本上修改");

/**
 * The consent a registration records: each agreement's current version. `shown` are the versions the form showed;
 * when one is no longer current the registration is refused, so nobody accepts a text they did not see.
 */
export function* consentRows(userId: string, shown: Partial<Record<AgreementKind, number>>, at: Date): Work<void> {
  for (const kind of AGREEMENT_KINDS) {
    const { version } = yield* currentAgreement(kind);
    const seen = shown[kind];
    if (seen !== undefined && seen !== version) throw new ApiError(409, "agreement_changed", "用户协议或隐私政策已更新，请刷新页面阅读最新版本后再注册");
    yield* exec(q.insertInto("agreement_consents").values({ userId, kind, version, acceptedAt: at }));
  }
}

/** The current version of each agreement, for a form that asks to accept them. */
export async function agreementVersions(): Promise<{ terms: number; privacy: number }> {
  const a = await rawDb().run(() => currentAgreementsWork());
  return { terms: a.terms.version, privacy: a.privacy.version };
}

/** Whether the member has accepted the agreements (at registration, or later at the portal's consent gate). */
export async function hasConsented(userId: string): Promise<boolean> {
  return Boolean(await rawDb().row(q.selectFrom("agreement_consents").select("userId").where("userId", "=", userId).limit(1)));
}

/** Records a member's consent given after registering; a second one changes nothing. */
export async function recordConsent(userId: string, shown: Partial<Record<AgreementKind, number>>, now = new Date()): Promise<{ consented: true }> {
  await rawDb().transaction(function* () {
    const already = yield* first(q.selectFrom("agreement_consents").select("userId").where("userId", "=", userId).limit(1).forUpdate());
    if (!already) yield* consentRows(userId, shown, now);
  });
  return { consented: true };
}
