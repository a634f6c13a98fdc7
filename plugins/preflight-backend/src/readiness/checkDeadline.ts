/**
 * The time limit of the checks of one environment's evaluation. They run one after another, so
 * one timer serves them all: re-armed (`refresh`) as each check starts, it aborts that check's
 * signal and gives up on it when the limit is reached. A timer, a promise and an `AbortController`
 * per check cost a tenth of the catalog-wide run's evaluation (millions of checks, nearly all
 * finished in microseconds).
 */
export class CheckDeadline {
  private timer?: NodeJS.Timeout;
  private controller = new AbortController();
  private expired!: Promise<never>;
  private expire!: (error: Error) => void;

  constructor(private readonly timeoutMs: number) {
    this.renew();
  }

  /**
   * Runs one check, given the signal to pass on: the result, or a rejection when the check has
   * not finished `timeoutMs` after it started (its signal is then aborted). Checks of one
   * deadline run one at a time.
   */
  run<T>(evaluate: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.timer) this.timer.refresh();
    else this.timer = setTimeout(() => this.onTimeout(), this.timeoutMs);
    return Promise.race([evaluate(this.controller.signal), this.expired]);
  }

  /** Stops the timer (once the environment's checks are done). */
  dispose(): void {
    clearTimeout(this.timer);
  }

  private onTimeout() {
    this.controller.abort();
    this.expire(
      new Error(`the check did not finish within ${this.timeoutMs} ms`),
    );
    // The checks after it get their own signal and limit.
    this.controller = new AbortController();
    this.renew();
  }

  private renew() {
    this.expired = new Promise<never>((_, reject) => {
      this.expire = reject;
    });
    // Rejected while no check waits on it (between two checks): nobody to tell.
    this.expired.catch(() => {});
  }
}
