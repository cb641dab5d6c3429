// Chinese names of the codes we store (audit actions, commission event reasons), for text the server renders.

export const AUDIT_ACTION_LABEL: Record<string, string> = {
  "withdrawal.approve": "通过提现",
  "withdrawal.reject": "驳回提现",
  "withdrawal.pay": "标记已打款",
  "withdrawal.bulk_approve": "批量通过提现",
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
};

const STEP_LABEL: Record<string, string> = {
  created: "新建佣金",
  completed: "订单完成，进入结算期",
  void: "订单退款或风控，佣金失效",
  recomputed: "佣金基数变化，重新计算",
  settled: "结算期满，转为可提现",
  withdrawn: "已随提现打款",
  "clawback:refund": "订单退款，扣回已提现佣金",
  "clawback:base": "佣金基数下调，扣回差额",
};
const CAUSE_LABEL: Record<string, string> = { push: "回推", sync: "对账", admin: "管理员", attribution: "注册归属", claim: "订单找回" };

/** "completed:push" → "订单完成，进入结算期（回推）"; "clawback:base:600:sync" → "佣金基数下调，扣回差额（对账）". */
export function commissionReasonLabel(reason: string): string {
  const parts = reason.split(":");
  const cause = CAUSE_LABEL[parts[parts.length - 1]];
  const step = parts[0] === "clawback" ? `clawback:${parts[1]}` : parts[0];
  const label = STEP_LABEL[step] ?? reason;
  return cause ? `${label}（${cause}）` : label;
}
