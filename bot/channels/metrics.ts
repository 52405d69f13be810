import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** Prometheus metrics for the channels, on a registry of their own so tests can run several. */
export interface ChannelMetrics {
  registry: Registry;
  updates: Counter<'channel'>;
  duplicates: Counter<'channel'>;
  /**
   * Updates taken over after their first owner died or could not deliver; `uncertain`: the owner
   * died while sending, so the reply may be a repeat (it says so).
   */
  recovered: Counter<'channel' | 'uncertain'>;
  replies: Counter<'channel'>;
  rateLimited: Counter<'channel'>;
  errors: Counter<'channel' | 'stage'>;
  /** Replies telling the user the bot could not answer (reason: error, database). */
  errorReplies: Counter<'channel' | 'reason'>;
  latency: Histogram<'channel'>;
  webhookAck: Histogram<'channel'>;
  /** Prometheus text exposition. */
  render(): Promise<string>;
  contentType: string;
}

export function createMetrics(opts: { processMetrics?: boolean } = {}): ChannelMetrics {
  const registry = new Registry();
  if (opts.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'dvc_' });
  const registers = [registry];
  const updates = new Counter({
    name: 'dvc_updates_received_total',
    help: 'Updates received from a channel (webhook or polling), before de-duplication',
    labelNames: ['channel'] as const,
    registers,
  });
  const duplicates = new Counter({
    name: 'dvc_updates_duplicate_total',
    help: 'Updates dropped because they had already been processed',
    labelNames: ['channel'] as const,
    registers,
  });
  const recovered = new Counter({
    name: 'dvc_updates_recovered_total',
    help: 'Updates answered after their first attempt was cut short (restart, crash, undeliverable send)',
    labelNames: ['channel', 'uncertain'] as const,
    registers,
  });
  const replies = new Counter({
    name: 'dvc_replies_sent_total',
    help: 'Replies delivered to a channel',
    labelNames: ['channel'] as const,
    registers,
  });
  const rateLimited = new Counter({
    name: 'dvc_rate_limited_total',
    help: 'Messages refused by the per-user rate limit',
    labelNames: ['channel'] as const,
    registers,
  });
  const errors = new Counter({
    name: 'dvc_errors_total',
    help: 'Errors by channel and stage (webhook, poll, send, handle)',
    labelNames: ['channel', 'stage'] as const,
    registers,
  });
  const errorReplies = new Counter({
    name: 'dvc_error_replies_total',
    help: 'Replies saying the bot could not answer, by reason (error, database)',
    labelNames: ['channel', 'reason'] as const,
    registers,
  });
  const latency = new Histogram({
    name: 'dvc_answer_latency_seconds',
    help: 'Time from taking an update to the reply being sent',
    labelNames: ['channel'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const webhookAck = new Histogram({
    name: 'dvc_webhook_ack_seconds',
    help: 'Time from a webhook request reaching the handler to the platform getting its answer',
    labelNames: ['channel'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers,
  });
  return {
    registry,
    updates,
    duplicates,
    recovered,
    replies,
    rateLimited,
    errors,
    errorReplies,
    latency,
    webhookAck,
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}
