import type { LoggerService } from '@backstage/backend-plugin-api';

/** A logger that keeps warnings and errors (counted) and drops the rest. */
export function benchLogger(options: { print?: boolean } = {}) {
  const counts = { warn: 0, error: 0 };
  const logger: LoggerService = {
    debug() {},
    info(message: string) {
      if (options.print) process.stderr.write(`info: ${message}\n`);
    },
    warn(message: string) {
      counts.warn++;
      if (options.print) process.stderr.write(`warn: ${message}\n`);
    },
    error(message: string, error?: unknown) {
      counts.error++;
      process.stderr.write(`error: ${message} ${error ?? ''}\n`);
    },
    child() {
      return logger;
    },
  };
  return { logger, counts };
}

/** Samples the process's memory until stopped; returns the peaks (and the breakdown at peak RSS). */
export function sampleMemory(everyMs = 25) {
  const peak = { rss: 0, heapUsed: 0, atPeakRss: process.memoryUsage() };
  const sample = () => {
    const m = process.memoryUsage();
    if (m.rss > peak.rss) {
      peak.rss = m.rss;
      peak.atPeakRss = m;
    }
    peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(
    sorted.length - 1,
    Math.max(0, Math.ceil((p / 100) * sorted.length) - 1),
  );
  return sorted[index];
}

/** Prints a table with aligned columns. */
export function printTable(rows: Array<Array<string | number>>) {
  const widths = rows[0].map((_, i) =>
    Math.max(...rows.map(r => String(r[i]).length)),
  );
  for (const [index, row] of rows.entries()) {
    const line = row
      .map((cell, i) =>
        typeof cell === 'number'
          ? String(cell).padStart(widths[i])
          : String(cell).padEnd(widths[i]),
      )
      .join('  ');
    process.stdout.write(`${line}\n`);
    if (index === 0) {
      process.stdout.write(`${widths.map(w => '-'.repeat(w)).join('  ')}\n`);
    }
  }
}
