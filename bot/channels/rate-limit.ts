import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export type Verdict = 'ok' | 'limited_notify' | 'limited_silent';

/**
 * Per-user message budget shared by every channel in this process. Keys are
 * `<channel>:<platform user id>`: Telegram and Zalo ids are unrelated numbers, so the same person
 * on both platforms has two budgets — there is no way to link them without an officer binding.
 */
export class UserRateLimiter {
  private readonly limiter: RateLimiterMemory;

  constructor(readonly perMinute: number) {
    this.limiter = new RateLimiterMemory({ points: perMinute, duration: 60 });
  }

  /**
   * Takes one message from the user's budget. Only the first refused message in a window should
   * be answered ("vui lòng chờ"); answering every one would itself be spam.
   */
  async take(channel: string, userId: string): Promise<Verdict> {
    try {
      await this.limiter.consume(`${channel}:${userId}`);
      return 'ok';
    } catch (err) {
      if (err instanceof RateLimiterRes) return err.consumedPoints === this.perMinute + 1 ? 'limited_notify' : 'limited_silent';
      throw err;
    }
  }
}
