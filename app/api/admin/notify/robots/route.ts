import { adminRoute } from "@/lib/api/handler";
import { RobotCreateBody, Robot, Robots } from "@/lib/contracts/notify";
import { createRobot, listRobots } from "@/lib/notify/robots/store";

export const GET = adminRoute(async () => listRobots(), { response: Robots });
export const POST = adminRoute(async ({ body, user }) => createRobot(await body(RobotCreateBody), user.id), { response: Robot, status: 201 });
