// A progress bar on stderr per phase: percentage, rows/s, ETA. Redraws in place on a terminal; on a pipe or a
// log file it prints one line per 10 % instead.

const fmtInt = (n: number) => Math.round(n).toLocaleString("en-US");

export function fmtDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "--:--";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h ? `${h}:${String(m).padStart(2, "0")}:${String(r).padStart(2, "0")}` : `${m}:${String(r).padStart(2, "0")}`;
}

export class Progress {
  private done = 0;
  private readonly start = performance.now();
  private lastDraw = 0;
  private lastDecile = -1;
  private readonly tty = Boolean(process.stderr.isTTY);

  constructor(private readonly label: string, private readonly total: number, private readonly unit = "rows") {
    this.draw(true);
  }

  tick(n = 1) {
    this.done += n;
    const now = performance.now();
    if (now - this.lastDraw >= 200) this.draw(false);
  }

  /** Finishes the bar; returns the elapsed seconds. */
  end(): number {
    this.draw(true, true);
    return (performance.now() - this.start) / 1000;
  }

  private draw(force: boolean, final = false) {
    const now = performance.now();
    this.lastDraw = now;
    const secs = (now - this.start) / 1000;
    const total = Math.max(1, this.total);
    const frac = Math.min(1, this.done / total);
    const rate = secs > 0 ? this.done / secs : 0;
    const eta = rate > 0 ? (total - this.done) / rate : NaN;
    const width = 24;
    const filled = Math.round(frac * width);
    const bar = "█".repeat(filled) + "░".repeat(width - filled);
    const line =
      `  ${this.label.padEnd(22)} [${bar}] ${(frac * 100).toFixed(1).padStart(5)}%  ${fmtInt(this.done)}/${fmtInt(this.total)} ${this.unit}` +
      `  ${fmtInt(rate)} ${this.unit}/s  ${final ? `done in ${fmtDuration(secs)}` : `ETA ${fmtDuration(eta)}`}`;
    if (this.tty) {
      process.stderr.write(`\r\x1b[2K${line}${final ? "\n" : ""}`);
      return;
    }
    const decile = Math.floor(frac * 10);
    if (final || force || decile > this.lastDecile) {
      if (!force || final) process.stderr.write(line + "\n");
      this.lastDecile = decile;
    }
  }
}
