import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => vi.resetModules());

async function secretsWith(vars: Record<string, string | undefined>) {
  vi.resetModules();
  for (const k of ["MEITUAN_CALLBACK_SECRET", "MEITUAN_CALLBACK_SECRET_PREVIOUS", "MEITUAN_CALLBACK_SECRET_PREVIOUS_UNTIL"]) delete process.env[k];
  Object.assign(process.env, vars);
  return (await import("@/lib/meituan/secrets")).callbackSecrets;
}

describe("callback secret rotation", () => {
  it("accepts the previous secret only until its deadline", async () => {
    const secrets = await secretsWith({ MEITUAN_CALLBACK_SECRET: "new", MEITUAN_CALLBACK_SECRET_PREVIOUS: "old", MEITUAN_CALLBACK_SECRET_PREVIOUS_UNTIL: "2026-12-01T00:00:00+08:00" });
    expect(secrets(new Date("2026-11-30T15:59:59Z"))).toEqual(["new", "old"]);
    expect(secrets(new Date("2026-11-30T16:00:00Z"))).toEqual(["new"]);
  });

  it("never accepts a previous secret without a deadline, and nothing without a current one", async () => {
    expect((await secretsWith({ MEITUAN_CALLBACK_SECRET: "new", MEITUAN_CALLBACK_SECRET_PREVIOUS: "old" }))()).toEqual(["new"]);
    expect((await secretsWith({}))()).toEqual([]);
  });
});
