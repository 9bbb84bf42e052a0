// A client-side token bucket with priorities, so the fix stays inside EC2's per account-region budget for
// mutating calls (burst 50, refill 5/s) instead of discovering it through RequestLimitExceeded.
// Clock and sleep are injected; waiters are served highest priority first, then first come first served.

export interface BucketClock {
  now(): number;
}

export interface BucketSettings {
  capacity: number;
  refillPerSecond: number;
}

/** AWS's mutating-action bucket (EC2 devguide, "Request throttling"). */
export const EC2_MUTATING: BucketSettings = { capacity: 50, refillPerSecond: 5 };
/** AWS's non-mutating bucket (Describe*). */
export const EC2_NON_MUTATING: BucketSettings = { capacity: 100, refillPerSecond: 20 };

interface Waiter {
  priority: number;
  seq: number;
  resolve: () => void;
}

export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly waiters: Waiter[] = [];
  private seq = 0;
  private pumping = false;

  constructor(
    private readonly settings: BucketSettings,
    private readonly clock: BucketClock,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {
    this.tokens = settings.capacity;
    this.last = clock.now();
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = Math.max(0, now - this.last) / 1000;
    this.tokens = Math.min(this.settings.capacity, this.tokens + elapsed * this.settings.refillPerSecond);
    this.last = now;
  }

  /** Resolves when a token is taken. Higher priority first. */
  take(priority = 0): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push({ priority, seq: this.seq++, resolve });
      this.waiters.sort((a, b) => b.priority - a.priority || a.seq - b.seq);
      void this.pump();
    });
  }

  /** Give back a token that was taken but not spent (the call was not made). */
  refund(): void {
    this.refill();
    this.tokens = Math.min(this.settings.capacity, this.tokens + 1);
    void this.pump();
  }

  /** The server said we are over budget (someone else shares it): start from empty. */
  drain(): void {
    this.refill();
    this.tokens = 0;
  }

  get available(): number {
    this.refill();
    return this.tokens;
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.waiters.length > 0) {
        this.refill();
        if (this.tokens >= 1) {
          this.tokens -= 1;
          this.waiters.shift()!.resolve();
          continue;
        }
        const waitMs = Math.ceil(((1 - this.tokens) / this.settings.refillPerSecond) * 1000);
        await this.sleep(Math.max(1, waitMs));
      }
    } finally {
      this.pumping = false;
    }
  }
}
