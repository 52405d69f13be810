import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('configuration', () => {
  it('applies defaults for an empty environment', () => {
    const c = loadConfig({});
    expect(c.DATA_DIR).toBe('./data');
    expect(c.PORT).toBe(8080);
    expect(c.REPORT_TIME).toBe('15:30');
    expect(c.EMBEDDINGS_PROVIDER).toBe('local');
    expect(c.DATABASE_URL).toBeUndefined();
  });

  it('treats empty values as unset', () => {
    const c = loadConfig({ TELEGRAM_BOT_TOKEN: '', DATABASE_URL: '  ' });
    expect(c.TELEGRAM_BOT_TOKEN).toBeUndefined();
    expect(c.DATABASE_URL).toBeUndefined();
  });

  it.each([
    ['PORT', 'abc'],
    ['REPORT_TIME', '25:00'],
    ['DATABASE_URL', 'mysql://x'],
    ['TELEGRAM_BOT_TOKEN', 'not-a-token'],
    ['LOG_LEVEL', 'loud'],
    ['PGLITE_SHARED_BUFFERS', '16 megabytes'],
    ['ANSWER_THREADS', '-1'],
  ])('rejects a bad %s with one bilingual line naming it', (name, value) => {
    let message = '';
    try {
      loadConfig({ [name]: value });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    expect(message).toContain(name);
    expect(message).toMatch(/Cấu hình sai/);
    expect(message).toMatch(/Invalid setting|required|needs/);
    expect(message.split('\n')).toHaveLength(1);
  });

  it('requires a secret with a webhook URL and base URL + model with a provider', () => {
    expect(() => loadConfig({ TELEGRAM_WEBHOOK_URL: 'https://bot.example.vn/webhook/telegram' })).toThrow(/TELEGRAM_WEBHOOK_SECRET/);
    expect(() => loadConfig({ LLM_PROVIDER: 'openai-compatible' })).toThrow(/LLM_BASE_URL/);
    expect(() => loadConfig({ EMBEDDINGS_PROVIDER: 'openai-compatible', EMBEDDINGS_BASE_URL: 'http://127.0.0.1:1/v1' })).toThrow(/EMBEDDINGS_MODEL/);
  });
});
