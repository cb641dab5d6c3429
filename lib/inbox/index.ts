import { rawDb } from "../db";
import { PushWriter } from "./writer";

const store = globalThis as unknown as { __cpsPushWriter?: PushWriter };

/** The process's one group-commit writer for callback pushes. */
export const pushWriter = () => (store.__cpsPushWriter ??= new PushWriter(rawDb()));
