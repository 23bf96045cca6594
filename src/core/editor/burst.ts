/**
 * "At most one notification per burst": a burst starts with an event that follows at least
 * `quietMs` without events, and lasts while events keep coming closer together than that.
 */
export class BurstGate {
  private last = -Infinity;

  constructor(private readonly quietMs: number) {}

  /** Records an event at `now` (ms); true when it starts a new burst. */
  startsBurst(now: number): boolean {
    const starts = now - this.last >= this.quietMs;
    this.last = now;
    return starts;
  }
}
