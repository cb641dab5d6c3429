// Group robots for operator alerts: what the delivery job calls.
export { sendRobot } from "./send";
export { robotById, robotsFor, recordRobotResult, ROBOT_FAILING_AFTER } from "./store";
