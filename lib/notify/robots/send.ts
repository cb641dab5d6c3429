// Sending an operator alert to one group robot, whichever its platform. The URL is checked again here (not only
// when saved), so a robot stored before a host rule changed cannot be sent to a host it no longer may reach.
import type { RobotPlatform } from "../../contracts/enums";
import type { SendOptions } from "../http";
import type { DeliveryResult, OperatorAlert, RobotTarget } from "../types";
import { sendDingtalk } from "./dingtalk";
import { sendFeishu } from "./feishu";
import { robotUrlRefusal } from "./hosts";
import { sendWecom } from "./wecom";

const SENDERS: Record<RobotPlatform, (t: RobotTarget, a: OperatorAlert, o?: SendOptions) => Promise<DeliveryResult>> = {
  wecom: sendWecom,
  dingtalk: sendDingtalk,
  feishu: sendFeishu,
};

export async function sendRobot(target: RobotTarget, alert: OperatorAlert, o?: SendOptions): Promise<DeliveryResult> {
  const refusal = robotUrlRefusal(target.platform, target.url);
  if (refusal) return { ok: false, retry: false, error: refusal };
  return SENDERS[target.platform](target, alert, o);
}
