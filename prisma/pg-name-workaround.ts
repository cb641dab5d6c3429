// Loaded by the Prisma CLI only: adapter-pg cannot read pg_catalog's `name` and `"char"` columns
// (prisma/orm#27403), which the CLI's introspection queries return. Re-label them as text.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const Result = require("pg/lib/result.js");
const REMAP: Record<number, number> = { 18: 25, 19: 25, 22: 25, 24: 25, 30: 25, 194: 25, 1002: 1009, 1003: 1009 };
const original = Result.prototype.addFields;
if (!original.__remapped) {
  Result.prototype.addFields = function (fields: { dataTypeID: number }[]) {
    for (const f of fields) f.dataTypeID = REMAP[f.dataTypeID] ?? f.dataTypeID;
    return original.call(this, fields);
  };
  Result.prototype.addFields.__remapped = true;
}
