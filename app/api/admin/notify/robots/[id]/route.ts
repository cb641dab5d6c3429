import { adminRoute } from "@/lib/api/handler";
import { parseId } from "@/lib/api/params";
import { Deleted, Robot, RobotUpdateBody } from "@/lib/contracts/notify";
import { deleteRobot, updateRobot } from "@/lib/notify/robots/store";

export const PUT = adminRoute(async ({ params, body, user }) => updateRobot(parseId(params.id, "机器人"), await body(RobotUpdateBody), user.id), { response: Robot });
export const DELETE = adminRoute(async ({ params, user }) => deleteRobot(parseId(params.id, "机器人"), user.id), { response: Deleted });
