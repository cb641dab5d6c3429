// Every code has exactly one Chinese name: each label map covers its enum (lib/contracts/enums.ts), has no key the
// enum lacks, and every audit action the domain writes is in the enum, so the audit filter can select it.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as E from "@/lib/contracts/enums";
import * as L from "@/lib/labels";
import * as T from "@/lib/client/tones";

const ROOT = path.resolve(import.meta.dirname, "../..");
const CJK = /[\u4e00-\u9fff]/;

const MAPS: [string, readonly (string | number)[], Record<string | number, string>][] = [
  ["ORDER_STATUS_LABEL", E.ORDER_STATUSES, L.ORDER_STATUS_LABEL],
  ["REFUND_TYPE_LABEL", E.REFUND_TYPES, L.REFUND_TYPE_LABEL],
  ["ORDER_SOURCE_LABEL", E.ORDER_SOURCES, L.ORDER_SOURCE_LABEL],
  ["EVENT_SOURCE_LABEL", E.EVENT_SOURCES, L.EVENT_SOURCE_LABEL],
  ["IGNORE_REASON_LABEL", E.IGNORE_REASONS, L.IGNORE_REASON_LABEL],
  ["BASE_SOURCE_LABEL", E.BASE_SOURCES, L.BASE_SOURCE_LABEL],
  ["BASE_SOURCE_SHORT_LABEL", E.BASE_SOURCES, L.BASE_SOURCE_SHORT_LABEL],
  ["PUSH_OUTCOME_LABEL", E.PUSH_OUTCOMES, L.PUSH_OUTCOME_LABEL],
  ["REPROCESS_OUTCOME_LABEL", E.PUSH_OUTCOMES, L.REPROCESS_OUTCOME_LABEL],
  ["OUTCOME_SHORT_LABEL", E.PUSH_OUTCOMES, L.OUTCOME_SHORT_LABEL],
  ["SIGN_VARIANT_LABEL", E.SIGN_VARIANTS, L.SIGN_VARIANT_LABEL],
  ["COMMISSION_STATUS_LABEL", E.COMMISSION_STATUSES, L.COMMISSION_STATUS_LABEL],
  ["COMMISSION_KIND_LABEL", E.COMMISSION_KINDS, L.COMMISSION_KIND_LABEL],
  ["WITHDRAWAL_STATUS_LABEL", E.WITHDRAWAL_STATUSES, L.WITHDRAWAL_STATUS_LABEL],
  ["PAYOUT_METHOD_LABEL", E.PAYOUT_METHODS, L.PAYOUT_METHOD_LABEL],
  ["PAYOUT_ACCOUNT_LABEL", E.PAYOUT_METHODS, L.PAYOUT_ACCOUNT_LABEL],
  ["PAYOUT_NAME_LABEL", E.PAYOUT_METHODS, L.PAYOUT_NAME_LABEL],
  ["PAYOUT_BATCH_STATUS_LABEL", E.PAYOUT_BATCH_STATUSES, L.PAYOUT_BATCH_STATUS_LABEL],
  ["LEVEL_LABEL", E.LEVELS, L.LEVEL_LABEL],
  ["LEVEL_SHORT_LABEL", E.LEVELS, L.LEVEL_SHORT_LABEL],
  ["CAUSE_LABEL", E.CAUSE_KINDS, L.CAUSE_LABEL],
  ["ROLE_LABEL", E.ROLES, L.ROLE_LABEL],
  ["AUDIT_ACTION_LABEL", E.AUDIT_ACTIONS, L.AUDIT_ACTION_LABEL],
  ["AUDIT_TARGET_LABEL", E.AUDIT_TARGET_TYPES, L.AUDIT_TARGET_LABEL],
  ["TIMELINE_KIND_LABEL", E.TIMELINE_KINDS, L.TIMELINE_KIND_LABEL],
  ["SYNC_STATUS_LABEL", E.SYNC_STATUSES, L.SYNC_STATUS_LABEL],
  ["SYNC_TRIGGER_LABEL", E.SYNC_TRIGGERS, L.SYNC_TRIGGER_LABEL],
  ["LINK_TYPE_LABEL", E.LINK_TYPES, L.LINK_TYPE_LABEL],
  ["LINK_TYPE_HINT", E.LINK_TYPES, L.LINK_TYPE_HINT],
  ["CLAIM_STATUS_LABEL", E.CLAIM_STATUSES, L.CLAIM_STATUS_LABEL],
  ["AMOUNT_CHECK_LABEL", E.CLAIM_AMOUNT_CHECKS, L.AMOUNT_CHECK_LABEL],
];

const TONES: [string, readonly (string | number)[], Record<string | number, string>][] = [
  ["COMMISSION_STATUS_TONE", E.COMMISSION_STATUSES, T.COMMISSION_STATUS_TONE],
  ["WITHDRAWAL_STATUS_TONE", E.WITHDRAWAL_STATUSES, T.WITHDRAWAL_STATUS_TONE],
  ["LEVEL_TONE", E.LEVELS, T.LEVEL_TONE],
  ["PUSH_OUTCOME_TONE", E.PUSH_OUTCOMES, T.PUSH_OUTCOME_TONE],
  ["SYNC_STATUS_TONE", E.SYNC_STATUSES, T.SYNC_STATUS_TONE],
  ["CLAIM_STATUS_TONE", E.CLAIM_STATUSES, T.CLAIM_STATUS_TONE],
  ["CLAIM_RESULT_TONE", E.CLAIM_STATUSES, T.CLAIM_RESULT_TONE],
  ["AMOUNT_CHECK_TONE", E.CLAIM_AMOUNT_CHECKS, T.AMOUNT_CHECK_TONE],
];

/** Every .ts file under a directory of the repository. */
function sources(dir: string): string[] {
  return (readdirSync(path.join(ROOT, dir), { recursive: true }) as string[]).filter((f) => f.endsWith(".ts")).map((f) => path.join(ROOT, dir, f));
}

describe("enums and their labels", () => {
  it.each(MAPS)("%s names every code of its enum in Chinese, and nothing else", (_name, codes, map) => {
    expect(Object.keys(map).sort()).toEqual(codes.map(String).sort());
    for (const code of codes) expect(map[code], String(code)).toMatch(CJK);
  });

  it.each(TONES)("%s has a tone for every code of its enum, and nothing else", (_name, codes, map) => {
    expect(Object.keys(map).sort()).toEqual(codes.map(String).sort());
  });

  it("every audit action the domain writes is in the enum (so the audit filter offers it)", () => {
    const written = new Set<string>();
    for (const file of sources("lib")) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/action: "([a-z_]+\.[a-z_]+)"/g)) written.add(m[1]);
      for (const m of text.matchAll(/"([a-z_]+\.[a-z_]+)" : "([a-z_]+\.[a-z_]+)"/g)) written.add(m[1]).add(m[2]);
      // Template actions (`withdrawal.${action}`, `claim.${action}`) stand for each of their enum members.
      for (const m of text.matchAll(/action: `([a-z_]+)\.\$\{/g)) expect(E.AUDIT_ACTIONS.some((a) => a.startsWith(`${m[1]}.`)), m[1]).toBe(true);
    }
    expect(written.size).toBeGreaterThanOrEqual(15);
    for (const action of written) expect(E.AUDIT_ACTIONS, `${action} is written but not in AUDIT_ACTIONS`).toContain(action);
  });

  it("the audit filter's options are every action of the enum", () => {
    const page = readFileSync(path.join(ROOT, "app/(admin)/admin/audit/audit-log.tsx"), "utf8");
    expect(page).toMatch(/options=\{AUDIT_ACTIONS\.map/);
  });
});
