// The one module of Chinese names for every code the platform stores or sends: server-rendered text (timelines,
// CSV, ledger reasons) and client components both read it, so a code has exactly one name. Each map is keyed by
// its enum in lib/contracts/enums.ts (`satisfies Record<…>`), so a code added there without a name fails tsc. It
// imports only pure helpers (money formatting) and the enums, so any component can use it.
import { fenToYuan } from "./money";
import type { MemberMatch } from "./contracts/search";
import type {
  AlertKind,
  NotificationKind,
  RobotPlatform,
  AuditAction,
  AuditTargetType,
  AgreementKind,
  BaseSource,
  CauseKind,
  ClaimAmountCheck,
  ClaimStatus,
  CommissionKind,
  CommissionStatus,
  EventSource,
  IgnoreReason,
  Level,
  LinkType,
  PosterTemplate,
  OrderSource,
  OrderStatus,
  PayoutBatchStatus,
  PayoutMethod,
  PushOutcome,
  RefundType,
  Role,
  SignVariant,
  SyncStatus,
  SyncTrigger,
  TimelineKind,
  WithdrawalStatus,
} from "./contracts/enums";
import type { UaClass } from "./contracts/enums";
import type { FunnelGroup } from "./contracts/links";

// Domain modules import these lists from here; they are defined once, in lib/contracts/enums.ts.
export { COMMISSION_STATUSES, LEVELS, PAYOUT_METHODS, WITHDRAWAL_STATUSES } from "./contracts/enums";
export type { CommissionKind, CommissionStatus, Level, PayoutMethod, WithdrawalStatus } from "./contracts/enums";

/** The name of a code, or the code itself when it has none (never an empty cell). */
export const label = <K extends string | number>(map: Record<K, string>, key: string | number | null | undefined, fallback?: string): string =>
  key === null || key === undefined ? (fallback ?? "—") : ((map as Record<string | number, string>)[key] ?? fallback ?? String(key));

// ---- orders ------------------------------------------------------------------------------------------------------

export const ORDER_STATUS_LABEL = {
  paid: "已付款",
  completed: "已完成",
  refunded: "已退款",
  risk: "风控",
  unknown: "未知状态",
} satisfies Record<OrderStatus, string>;

export const REFUND_TYPE_LABEL = { "1": "全部退款", "2": "部分退款", "3": "风控" } satisfies Record<RefundType, string>;

/** Business lines of the union order API (businessLine). 9 and 10 appear in one SDK for 到餐/到综. */
export const BUSINESS_LINE_LABEL: Record<number, string> = {
  1: "平台",
  2: "到家",
  3: "酒店",
  4: "优选",
  5: "地推",
  6: "到餐",
  7: "到综",
  9: "到餐",
  10: "到综",
};

export const SUB_BUSINESS_LINE_LABEL: Record<number, string> = {
  1: "外卖",
  2: "闪购",
  3: "美团电商",
  4: "拼好饭",
  5: "虚拟券包",
};

/** How we learned of an order or a status: a push from Meituan, reconciliation, or an admin. */
export const ORDER_SOURCE_LABEL = { push: "回推", sync: "对账补单" } satisfies Record<OrderSource, string>;
export const EVENT_SOURCE_LABEL = { push: "回推", sync: "对账同步", admin: "管理员" } satisfies Record<EventSource, string>;

/** Anomalies flagged on an order (lib/meituan/push.ts, lib/reconcile/apply.ts). */
export const ORDER_FLAG_LABEL: Record<string, string> = {
  no_sid: "无推广位 sid",
  unknown_status: "未知状态码",
  unknown_business_line: "未知业务线",
  bad_amount: "金额格式异常",
  bad_time: "时间格式异常",
};
export const orderFlagLabel = (flag: string) => ORDER_FLAG_LABEL[flag] ?? (flag.startsWith("bad_") ? `字段 ${flag.slice(4)} 格式异常` : flag);

export const IGNORE_REASON_LABEL = {
  older_push: "推送的修改时间早于订单当前状态，已忽略（迟到的旧推送）",
  not_newer: "修改时间相同且状态不高于当前状态，已忽略",
} satisfies Record<IgnoreReason, string>;

// ---- pushes ------------------------------------------------------------------------------------------------------

export const PUSH_OUTCOME_LABEL = {
  applied: "已应用",
  ignored: "已忽略（旧推送）",
  duplicate: "重复推送",
  rejected: "已拒收",
  failed: "处理失败，待重试",
  received: "已接收",
} satisfies Record<PushOutcome, string>;

/** What reprocessing a push did: a stored push that already took effect comes back as "duplicate". */
export const REPROCESS_OUTCOME_LABEL = {
  applied: "已应用",
  ignored: "已忽略（旧推送）",
  duplicate: "无变化（此前已处理）",
  rejected: "已拒收",
  failed: "处理失败",
  received: "已接收",
} satisfies Record<PushOutcome, string>;

/** The short form for a batch's counts ("应用 3 · 忽略 1"). */
export const OUTCOME_SHORT_LABEL = {
  applied: "应用",
  ignored: "忽略",
  duplicate: "无变化",
  failed: "失败",
  rejected: "拒收",
  received: "已接收",
} satisfies Record<PushOutcome, string>;

/** Which empty-value convention a valid sign used (empty values in or out of the signed string). */
export const SIGN_VARIANT_LABEL = { "include-empty": "空值参与签名", "skip-empty": "空值不参与签名" } satisfies Record<SignVariant, string>;

// ---- money -------------------------------------------------------------------------------------------------------

export const COMMISSION_STATUS_LABEL = {
  estimated: "预估",
  pending: "待结算",
  available: "可提现",
  reserved: "提现中",
  withdrawn: "已提现",
  void: "已失效",
  clawback: "扣回",
} satisfies Record<CommissionStatus, string>;

/** What a commission row is, from its key: the order's earning, a part a withdrawal split off, an adjustment. */
export function commissionKind(key: string, amountFen: number): CommissionKind {
  if (key === "earning") return "earning";
  if (key.startsWith("part:")) return "part";
  return amountFen < 0 ? "clawback" : "adjustment";
}
export const COMMISSION_KIND_LABEL = { earning: "佣金", part: "佣金（拆分）", adjustment: "调整", clawback: "扣回" } satisfies Record<CommissionKind, string>;

export const WITHDRAWAL_STATUS_LABEL = { pending: "待审核", approved: "已通过", rejected: "已驳回", paid: "已打款" } satisfies Record<WithdrawalStatus, string>;

export const PAYOUT_METHOD_LABEL = { alipay: "支付宝", wechat: "微信", bank: "银行卡" } satisfies Record<PayoutMethod, string>;
/** What the account field asks for, per method. */
export const PAYOUT_ACCOUNT_LABEL = { alipay: "支付宝账号（手机号或邮箱）", wechat: "微信号", bank: "银行卡号" } satisfies Record<PayoutMethod, string>;
export const PAYOUT_NAME_LABEL = { alipay: "支付宝实名（真实姓名）", wechat: "微信实名（真实姓名）", bank: "持卡人姓名" } satisfies Record<PayoutMethod, string>;

export const PAYOUT_BATCH_STATUS_LABEL = { exported: "已导出，待打款", paid: "已打款" } satisfies Record<PayoutBatchStatus, string>;

export const LEVEL_LABEL = { 0: "自购/自己推广", 1: "一级团队", 2: "二级团队" } satisfies Record<Level, string>;
/** The admin's short form. */
export const LEVEL_SHORT_LABEL = { 0: "L0 自己", 1: "L1 一级", 2: "L2 二级" } satisfies Record<Level, string>;

/** Where an order's commission base (美团佣金) comes from. */
export const BASE_SOURCE_LABEL = {
  estimate: "预估（实付金额 × 佣金比例）",
  profit: "美团对账佣金",
  lost: "退款或风控，计 ¥0",
  none: "无（缺少金额或比例）",
} satisfies Record<BaseSource, string>;
/** The same, short, for tables and the CSV. */
export const BASE_SOURCE_SHORT_LABEL = { estimate: "预估", profit: "美团", lost: "退款/风控计0", none: "无" } satisfies Record<BaseSource, string>;

// ---- commission rows and their changes ---------------------------------------------------------------------------

export const CAUSE_LABEL = { push: "回推", sync: "对账", admin: "管理员", attribution: "注册归属", claim: "订单找回", legacy: "历史数据" } satisfies Record<CauseKind, string>;
export const causeLabel = (cause: string | null | undefined) => (cause ? label(CAUSE_LABEL, cause) : "");

const yuan = (fen: number | null | undefined) => `¥${fenToYuan(fen ?? 0)}`;

export interface RowReasonInput {
  reason: string | null;
  causeKind?: string | null;
  causeRunId?: number | null;
  fromBaseFen?: number | null;
  toBaseFen?: number | null;
}

/**
 * Why a commission row is what it is, in Chinese: "对账下调：订单 6012… 美团佣金 ¥9.44 → ¥4.72（对账 #7）".
 * Rows written before reasons were codes carry their Chinese text, shown as it is.
 */
export function commissionRowReason(row: RowReasonInput, orderId: string | null): string | null {
  const code = row.reason;
  if (!code) return null;
  const order = orderId ? `订单 ${orderId} ` : "";
  const change = `${order}美团佣金 ${yuan(row.fromBaseFen)} → ${yuan(row.toBaseFen)}`;
  const run = row.causeRunId ? `（对账 #${row.causeRunId}）` : "";
  const [kind, arg] = code.split(":");
  switch (kind) {
    case "refund":
      return row.fromBaseFen === null || row.fromBaseFen === undefined ? "订单已退款" : `订单退款：${change}${run}`;
    case "risk":
      return row.fromBaseFen === null || row.fromBaseFen === undefined ? "订单被风控" : `订单被风控：${change}${run}`;
    case "partial_refund":
      return `部分退款：${change}${run}`;
    case "base_down":
      return `${row.causeKind === "sync" ? "对账下调" : "佣金下调"}：${change}${run}`;
    case "base_up":
      return `${row.causeKind === "sync" ? "对账上调" : "佣金上调"}：${change}${run}`;
    case "released":
      return `提现 #${arg} 已驳回，退回可提现`;
    case "legacy_shortfall":
      return `提现 #${arg} 覆盖的佣金此后已下调，差额扣回（历史数据）`;
    case "legacy_paid":
      return `提现 #${arg} 的金额多于其覆盖的佣金，差额记入本行（历史数据）`;
    default:
      return code;
  }
}

const STEP_LABEL: Record<string, string> = {
  created: "新建佣金",
  completed: "订单完成，进入结算期",
  void: "订单退款或风控，佣金失效",
  revived: "订单恢复有效，佣金重新计入",
  recomputed: "佣金基数变化，重新计算",
  settled: "结算期满，转为可提现",
  withdrawn: "已随提现打款",
  reserved: "提现申请占用（提现中）",
  split: "拆分：一部分随提现申请占用",
  released: "提现驳回，退回可提现",
  paid: "提现已打款",
  adjust: "基数变化，记入扣回/调整",
  legacy: "历史提现对应的佣金",
  "clawback:refund": "订单退款，扣回已提现佣金",
  "clawback:base": "佣金基数下调，扣回差额",
};

/**
 * A commission_events reason ("step:cause", "reserved:w12", legacy "clawback:base:600:sync") in Chinese:
 * "订单完成，进入结算期（回推）", "提现申请占用（提现中）（提现 #12）".
 */
export function commissionReasonLabel(reason: string): string {
  const parts = reason.split(":");
  const step = parts[0] === "clawback" ? `clawback:${parts[1]}` : parts[0];
  const label = STEP_LABEL[step] ?? reason;
  const last = parts[parts.length - 1];
  if (/^w\d+$/.test(last)) return `${label}（提现 #${last.slice(1)}）`;
  const cause = parts.length > 1 ? (CAUSE_LABEL as Record<string, string>)[last] : undefined;
  return cause ? `${label}（${cause}）` : label;
}

// ---- the console -------------------------------------------------------------------------------------------------

export const AUDIT_ACTION_LABEL = {
  "withdrawal.approve": "通过提现",
  "withdrawal.reject": "驳回提现",
  "withdrawal.pay": "标记已打款",
  "withdrawal.override": "余额不足仍通过/打款",
  "withdrawal.bulk_approve": "批量通过提现",
  "payout_batch.export": "导出打款批次",
  "payout_batch.pay": "批次标记已打款",
  "commission_rules.update": "修改佣金规则",
  "settlement.run": "手动结算",
  "member.rebind_inviter": "更换邀请人",
  "member.disable": "停用会员",
  "member.enable": "启用会员",
  "member.role": "修改角色",
  "order.assign": "指定归属",
  "order.claim": "会员申请找回订单",
  "claim.approve": "通过找回申请",
  "claim.reject": "驳回找回申请",
  "push.reprocess": "重新处理推送",
  "push.reprocess_failed": "重新处理全部失败推送",
  "push.reprocess_range": "按时间重新处理推送",
  "sync.run": "发起对账",
  "activity.create": "新建推广活动",
  "activity.update": "修改推广活动",
  "alerts.settings": "修改告警阈值",
  "notify_robot.create": "添加告警机器人",
  "notify_robot.update": "修改告警机器人",
  "notify_robot.delete": "删除告警机器人",
  "wechat_config.update": "修改微信服务号配置",
  "agreement.update": "修改用户协议/隐私政策",
} satisfies Record<AuditAction, string>;

export const AUDIT_TARGET_LABEL = {
  withdrawal: "提现",
  payout_batch: "打款批次",
  commission_rules: "佣金规则",
  settlement: "结算",
  member: "会员",
  order: "订单",
  push: "推送",
  inbox: "推送日志",
  sync: "对账",
  claim: "找回申请",
  activity: "推广活动",
  alerts: "告警",
  notify_robot: "告警机器人",
  wechat_config: "微信服务号",
  agreement: "协议",
} satisfies Record<AuditTargetType, string>;

export const AGREEMENT_KIND_LABEL = { terms: "用户协议", privacy: "隐私政策" } satisfies Record<AgreementKind, string>;

/** Field names inside audit before/after, for the change summary. */
export const AUDIT_FIELD_LABEL: Record<string, string> = {
  status: "状态",
  note: "备注",
  reason: "原因",
  memberId: "会员",
  sid: "sid",
  role: "角色",
  disabled: "停用",
  inviterId: "邀请人",
  settled: "结算条数",
  amount: "金额",
  available: "可提现",
  override: "余额不足仍执行",
  outcome: "处理结果",
  error: "错误",
  processed: "处理条数",
  pushes: "推送条数",
  count: "笔数",
  total: "金额合计",
  version: "版本",
  holdDays: "结算期（天）",
  minWithdrawal: "最低提现",
  approved: "已通过",
  skipped: "跳过",
  failed: "未成功",
  members: "会员数",
  paid: "已打款",
  outcomes: "处理结果",
  levels: "各级比例",
  businessLineOverrides: "业务线覆盖",
  from: "开始",
  to: "结束",
  byUpdateTime: "按更新时间",
  name: "名称",
  actId: "活动 ID",
  enabled: "启用",
  inviteCode: "邀请码",
  orderId: "订单号",
  payAmount: "实付金额",
};

export const ROLE_LABEL = { ADMIN: "管理员", MEMBER: "会员" } satisfies Record<Role, string>;

export const TIMELINE_KIND_LABEL = { push: "推送", status: "状态", commission: "佣金", audit: "操作" } satisfies Record<TimelineKind, string>;

export const SYNC_STATUS_LABEL = { running: "进行中", done: "已完成", failed: "失败" } satisfies Record<SyncStatus, string>;
export const SYNC_TRIGGER_LABEL = { admin: "手动", schedule: "定时", cli: "命令行" } satisfies Record<SyncTrigger, string>;

// ---- promotion ---------------------------------------------------------------------------------------------------

export const LINK_TYPE_LABEL = {
  h5_short: "H5 短链",
  h5_long: "H5 长链",
  deeplink: "唤起链接",
  miniprogram: "小程序路径",
  kouling: "团口令",
} satisfies Record<LinkType, string>;

export const POSTER_TEMPLATE_LABEL = { simple: "简约", photo: "活动大图", invite: "邀请" } satisfies Record<PosterTemplate, string>;

/** What each kind of link is for, shown under the picker. */
export const LINK_TYPE_HINT = {
  h5_short: "适合发微信、朋友圈、短信，手机浏览器打开即可下单。",
  h5_long: "完整的 H5 链接，适合放在自己的网页或公众号菜单里。",
  deeplink: "deeplink，在已安装美团 App 的手机上直接唤起 App，适合放在自己的 H5 页面按钮里。",
  miniprogram: "美团小程序的页面路径，用于在自己的微信小程序里配置跳转。",
  kouling: "复制后发给好友，好友打开美团 App 即可识别口令进入活动。",
} satisfies Record<LinkType, string>;

/** The claim review queue's check of the claimed amount against the order. */
export const AMOUNT_CHECK_LABEL = {
  match: "金额一致",
  mismatch: "金额不符",
  no_amount: "订单无实付金额，请人工核对",
  unknown: "订单尚未同步，通过时将向美团核实",
} satisfies Record<ClaimAmountCheck, string>;
/** A commission rule's values, as the history names what a version changed ("level:1", "override:2", …). */
export function ruleChangeLabel(key: string): string {
  const [kind, arg] = key.split(":");
  if (kind === "level") return label(LEVEL_LABEL, arg);
  if (kind === "override") return `${BUSINESS_LINE_LABEL[Number(arg)] ?? `业务线 ${arg}`}覆盖`;
  return label(RULE_FIELD_LABEL, kind);
}
const RULE_FIELD_LABEL = { holdDays: "结算期", minWithdrawal: "最低提现金额" } as const;

/** What a navigation badge counts, after its number ("3 笔待审核"). */
export const BADGE_LABEL = { withdrawals: "笔提现待审核", claims: "条找回申请待审核", failedPushes: "条推送处理失败", alerts: "个告警未恢复" } as const;

export const CLAIM_STATUS_LABEL = { review: "待审核", attributed: "已归属", approved: "审核通过", rejected: "未通过" } satisfies Record<ClaimStatus, string>;

/** Why the console search found a member. */
export const MEMBER_MATCH_LABEL = { inviteCode: "邀请码", sid: "sid", username: "手机号/邮箱", name: "昵称" } satisfies Record<MemberMatch, string>;

// ---- notifications ---------------------------------------------------------------------------------------------

/** What each kind of member notification is called (the preferences list, the center's filters). */
export const NOTIFICATION_KIND_LABEL = {
  order_tracked: "新订单已跟踪",
  order_completed: "订单已完成",
  order_refunded: "订单退款",
  commission_available: "佣金可提现",
  commission_clawback: "佣金扣回",
  withdrawal_approved: "提现已通过",
  withdrawal_paid: "提现已打款",
  withdrawal_rejected: "提现被驳回",
  team_order: "团队成员出单",
} satisfies Record<NotificationKind, string>;

export const ROBOT_PLATFORM_LABEL = { wecom: "企业微信", dingtalk: "钉钉", feishu: "飞书" } satisfies Record<RobotPlatform, string>;

export const ALERT_KIND_LABEL = {
  signature_failures: "签名校验失败过多",
  failed_pushes: "回推处理失败待重试",
  push_silence: "长时间未收到回推",
  push_gap: "对账发现漏推订单",
  withdrawals_waiting: "待审核提现过多",
  job_failing: "后台任务连续失败",
  database_down: "数据库无法连接",
} satisfies Record<AlertKind, string>;
/** Where a short-link click came from (lib/links/classify.ts). */
export const UA_CLASS_LABEL = {
  wechat: "微信",
  alipay: "支付宝",
  ios: "iOS 浏览器",
  android: "安卓浏览器",
  desktop: "电脑",
  other: "其他",
  bot: "机器人/预览",
} satisfies Record<UaClass, string>;

/** How the console's funnel is grouped. */
export const FUNNEL_GROUP_LABEL = {
  link: "按链接",
  member: "按会员",
  activity: "按活动",
  linkType: "按链接类型",
  day: "按日期",
} satisfies Record<FunnelGroup, string>;
