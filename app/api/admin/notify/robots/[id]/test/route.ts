import { adminRoute } from "@/lib/api/handler";
import { parseId } from "@/lib/api/params";
import { RobotTestResult } from "@/lib/contracts/notify";
import { testRobot } from "@/lib/notify/robots/store";

export const POST = adminRoute(async ({ params }) => testRobot(parseId(params.id, "机器人")), { response: RobotTestResult });
