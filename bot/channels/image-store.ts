import { randomBytes } from 'node:crypto';

interface Stored {
  png: Uint8Array;
  expiresAt: number;
}

/**
 * Chart images for channels that only take a public URL (Zalo's sendPhoto). Each image gets a
 * random 128-bit token — the path is the only secret, so it must not be guessable — and expires.
 * Kept in memory: with several replicas behind one address, route /img/ to the replica that made it.
 */
export class ImageStore {
  private readonly images = new Map<string, Stored>();

  constructor(
    private readonly ttlMs = 60 * 60 * 1000,
    private readonly maxImages = 500,
    private readonly clock: () => number = Date.now,
  ) {}

  put(png: Uint8Array): string {
    this.prune();
    while (this.images.size >= this.maxImages) {
      const oldest = this.images.keys().next().value;
      if (oldest === undefined) break;
      this.images.delete(oldest);
    }
    const token = randomBytes(16).toString('hex');
    this.images.set(token, { png, expiresAt: this.clock() + this.ttlMs });
    return token;
  }

  get(token: string): Uint8Array | undefined {
    const hit = this.images.get(token);
    if (!hit) return undefined;
    if (hit.expiresAt <= this.clock()) {
      this.images.delete(token);
      return undefined;
    }
    return hit.png;
  }

  /** `<base>/img/<token>.png` */
  static urlFor(baseUrl: string, token: string): string {
    return `${baseUrl.replace(/\/+$/, '')}/img/${token}.png`;
  }

  private prune(): void {
    const now = this.clock();
    for (const [token, img] of this.images) if (img.expiresAt <= now) this.images.delete(token);
  }
}
