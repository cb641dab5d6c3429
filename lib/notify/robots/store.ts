// The operators' group robots: which take an alert kind, what each send did (failing after
// ROBOT_FAILING_AFTER consecutive failures, cleared by a success), and the console's edits, each with its audit
// row in the same transaction. Secrets and webhook keys leave here only masked.
import type { Selectable } from "kysely";
import type { z } from "zod";
import { audit } from "../../audit";
import { ApiError, notFound } from "../../api/errors";
import { rawDb } from "../../db";
import { exec, first, q, type DB, type Work } from "../../db/query";
import { ALERT_KINDS, ROBOT_PLATFORMS, storedCode, type AlertKind } from "../../contracts/enums";
import type { Robot, RobotCreateBody, RobotTestResult, RobotUpdateBody } from "../../contracts/notify";
import { ALERT_KIND_LABEL, ROBOT_PLATFORM_LABEL } from "../../labels";
import { publicBaseUrl } from "../console-url";
import type { SendOptions } from "../http";
import type { DeliveryResult, RobotTarget } from "../types";
import { maskSecret, maskUrl, robotUrlRefusal } from "./hosts";
import { sendRobot } from "./send";

/** Consecutive failed sends after which the console shows a robot as failing. */
export const ROBOT_FAILING_AFTER = 3;
const MAX_ERROR = 500;

type Row = Selectable<DB["alert_robots"]>;

const kindsOf = (row: Row): AlertKind[] => row.kinds.split(",").filter(Boolean).map((k) => storedCode(ALERT_KINDS, k));
const targetOf = (row: Row): RobotTarget => ({ id: row.id, platform: storedCode(ROBOT_PLATFORMS, row.platform), url: row.url, secret: row.secret });

export function robotDto(row: Row): Robot {
  return {
    id: row.id,
    platform: storedCode(ROBOT_PLATFORMS, row.platform),
    name: row.name,
    url: maskUrl(row.url),
    secret: row.secret ? maskSecret(row.secret) : null,
    kinds: kindsOf(row),
    enabled: Boolean(row.enabled),
    consecutiveFailures: row.consecutiveFailures,
    failing: row.failingSince !== null,
    failingSince: row.failingSince?.toISOString() ?? null,
    lastError: row.lastError,
    lastSentAt: row.lastSentAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The enabled robots that take this kind of alert. */
export function* robotsFor(kind: AlertKind): Work<RobotTarget[]> {
  const rows = yield* exec(q.selectFrom("alert_robots").selectAll().where("enabled", "=", true).orderBy("id"));
  return rows.filter((r) => kindsOf(r).includes(kind)).map(targetOf);
}

/** One robot as the delivery job sends to it (enabled or not: a queued message still goes). */
export function* robotById(id: number): Work<RobotTarget | undefined> {
  const row = yield* first(q.selectFrom("alert_robots").selectAll().where("id", "=", id));
  return row ? targetOf(row) : undefined;
}

/** What one send to a robot did. A robot deleted meanwhile is nothing to record. */
export function* recordRobotResult(robotId: number, result: DeliveryResult, at: Date): Work<void> {
  if (result.ok) {
    yield* exec(q.updateTable("alert_robots").set({ consecutiveFailures: 0, failingSince: null, lastError: null, lastSentAt: at }).where("id", "=", robotId));
    return;
  }
  const row = yield* first(q.selectFrom("alert_robots").select(["consecutiveFailures", "failingSince"]).where("id", "=", robotId).forUpdate());
  if (!row) return;
  const failures = row.consecutiveFailures + 1;
  yield* exec(
    q
      .updateTable("alert_robots")
      .set({ consecutiveFailures: failures, lastError: result.error.slice(0, MAX_ERROR), failingSince: row.failingSince ?? (failures >= ROBOT_FAILING_AFTER ? at : null) })
      .where("id", "=", robotId),
  );
}

// ---- the console -------------------------------------------------------------------------------------------------

export async function listRobots() {
  const rows = await rawDb().rows(q.selectFrom("alert_robots").selectAll().orderBy("id"));
  return { items: rows.map(robotDto), failingAfter: ROBOT_FAILING_AFTER };
}

function refuseUrl(platform: Row["platform"], url: string) {
  const refusal = robotUrlRefusal(storedCode(ROBOT_PLATFORMS, platform), url);
  if (refusal) throw new ApiError(422, "invalid", refusal, { url: [refusal] });
}

/** What the audit log keeps of a robot: never its secret or webhook key. */
const audited = (r: Robot) => ({ platform: r.platform, name: r.name, url: r.url, secret: r.secret ? "已设置" : null, kinds: r.kinds, enabled: r.enabled });

export async function createRobot(input: z.infer<typeof RobotCreateBody>, actorId: string): Promise<Robot> {
  refuseUrl(input.platform, input.url);
  const now = new Date();
  return rawDb().transaction(function* () {
    const row = yield* first(
      q
        .insertInto("alert_robots")
        .values({ platform: input.platform, name: input.name, url: input.url, secret: input.secret || null, kinds: input.kinds.join(","), enabled: input.enabled, createdAt: now, updatedAt: now })
        .returningAll(),
    );
    const dto = robotDto(row!);
    yield* audit({ actorId, action: "notify_robot.create", targetType: "notify_robot", targetId: String(dto.id), after: audited(dto) }, now);
    return dto;
  });
}

export async function updateRobot(id: number, input: z.infer<typeof RobotUpdateBody>, actorId: string): Promise<Robot> {
  const now = new Date();
  return rawDb().transaction(function* () {
    const before = yield* first(q.selectFrom("alert_robots").selectAll().where("id", "=", id).forUpdate());
    if (!before) throw notFound("机器人");
    if (input.url !== undefined) refuseUrl(before.platform, input.url);
    const changed = input.url !== undefined && input.url !== before.url;
    const row = yield* first(
      q
        .updateTable("alert_robots")
        .set({
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.url !== undefined ? { url: input.url } : {}),
          ...(input.secret !== undefined ? { secret: input.secret || null } : {}),
          ...(input.kinds !== undefined ? { kinds: input.kinds.join(",") } : {}),
          ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
          // A new address is a new chance: its failures start again.
          ...(changed ? { consecutiveFailures: 0, failingSince: null, lastError: null } : {}),
          updatedAt: now,
        })
        .where("id", "=", id)
        .returningAll(),
    );
    const dto = robotDto(row!);
    yield* audit({ actorId, action: "notify_robot.update", targetType: "notify_robot", targetId: String(id), before: audited(robotDto(before)), after: audited(dto) }, now);
    return dto;
  });
}

export async function deleteRobot(id: number, actorId: string) {
  const now = new Date();
  return rawDb().transaction(function* () {
    const before = yield* first(q.deleteFrom("alert_robots").where("id", "=", id).returningAll());
    if (!before) throw notFound("机器人");
    yield* audit({ actorId, action: "notify_robot.delete", targetType: "notify_robot", targetId: String(id), before: audited(robotDto(before)) }, now);
    return { deleted: true as const };
  });
}

/** Sends a test alert to the robot now, records what happened, and says so in Chinese. */
export async function testRobot(id: number, o?: SendOptions): Promise<RobotTestResult> {
  const row = await rawDb().row(q.selectFrom("alert_robots").selectAll().where("id", "=", id));
  if (!row) throw notFound("机器人");
  const kind = kindsOf(row)[0] ?? "job_failing";
  const now = new Date();
  const result = await sendRobot(targetOf(row), {
    incidentId: 0,
    kind,
    state: "open",
    title: `测试消息：${ALERT_KIND_LABEL[kind]}`,
    body: `这是一条来自美团联盟推广平台的测试告警。\n机器人：${row.name}（${ROBOT_PLATFORM_LABEL[storedCode(ROBOT_PLATFORMS, row.platform)]}）\n收到即表示配置正确，无需处理。`,
    url: `${publicBaseUrl()}/admin/settings/notifications`,
    at: now,
  }, o);
  await rawDb().transaction(() => recordRobotResult(id, result, now));
  const after = await rawDb().row(q.selectFrom("alert_robots").selectAll().where("id", "=", id));
  const robot = robotDto(after ?? row);
  if (result.ok) return { ok: true, message: `测试消息已发送到「${row.name}」`, robot };
  return { ok: false, message: `发送失败：${result.error}${result.retry ? "（临时错误：超时、限流或对方服务繁忙）" : "（请检查地址、密钥或关键词设置）"}`, robot };
}
