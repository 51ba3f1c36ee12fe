/** Reports progress of a long run; the CLI picks one by where stderr goes. */
export interface ProgressReporter {
  update(done: number, total: number): void;
  finish(): void;
}

interface Writable {
  write(text: string): unknown;
}

/** A one-line bar redrawn in place (for a TTY): `[#####-----]  50%  5000/10000 runs  1.2 s`. */
export function ttyProgress(stream: Writable, label = "runs", width = 30): ProgressReporter {
  const t0 = Date.now();
  let last = -1;
  return {
    update(done, total) {
      const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
      if (pct === last) return;
      last = pct;
      const fill = Math.round((width * pct) / 100);
      const secs = ((Date.now() - t0) / 1000).toFixed(1);
      stream.write(
        `\r[${"#".repeat(fill)}${"-".repeat(width - fill)}] ${String(pct).padStart(3)}%  ${done}/${total} ${label}  ${secs} s`,
      );
    },
    finish() {
      if (last >= 0) stream.write("\n");
    },
  };
}

/** Nothing (pipes, `--json` to a file, tests). */
export const silentProgress: ProgressReporter = { update() {}, finish() {} };
