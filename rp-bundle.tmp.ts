import { workerScript } from "./lib/reads/bundle";
const t = Date.now();
const f = await workerScript();
console.log(f, Date.now() - t, "ms");
