// The channels the delivery job sends through: a member's WeChat and Web Push targets, the operators' robots.
import type { Channels } from "./types";
import { forgetTarget, memberTargets, reachableMembers, sendToMember } from "./member-channels";
import { recordRobotResult, robotById, robotsFor, sendRobot } from "./robots";

export const defaultChannels: Channels = {
  reachable: reachableMembers,
  memberTargets,
  sendToMember: (target, message) => sendToMember(target, message),
  forgetTarget,
  robotsFor,
  robotById,
  sendRobot: (target, alert) => sendRobot(target, alert),
  recordRobotResult,
};
