// Holds an exclusive write lock on a SQLite database from another process until told to let go (a line on
// stdin) or until the safety timeout: `node scripts/faults/sqlite-lock.mjs <file> [maxHoldMs]`.
import Database from "better-sqlite3";

const [file, maxHold = "30000"] = process.argv.slice(2);
const db = new Database(file, { timeout: 10_000, fileMustExist: true });
db.exec("BEGIN EXCLUSIVE");
// Make it a real write transaction (WAL: the write lock is what blocks the app's BEGIN IMMEDIATE).
db.exec("CREATE TABLE IF NOT EXISTS fault_lock_probe (x INTEGER)");
process.stdout.write("locked\n");
const release = () => {
  try {
    db.exec("ROLLBACK");
    db.close();
  } finally {
    process.stdout.write("released\n");
    process.exit(0);
  }
};
process.stdin.on("data", release);
process.stdin.on("end", release);
setTimeout(release, Number(maxHold));
