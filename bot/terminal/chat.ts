import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { renderPlain } from '../../src/core/render.ts';
import type { Core } from '../../src/core/types.ts';

export interface TerminalChatOptions {
  input: Readable & { isTTY?: boolean };
  output: Writable;
  /** Fixed chat id so follow-ups and numbered choices work across lines. */
  chatId?: string;
  userId?: string;
}

/**
 * A local chat on stdin/stdout. Interactive on a terminal; with piped input it answers each
 * line and resolves at end of input.
 */
export async function runTerminalChat(core: Core, opts: TerminalChatOptions): Promise<void> {
  const interactive = Boolean(opts.input.isTTY);
  const rl = createInterface({ input: opts.input, terminal: interactive, crlfDelay: Number.POSITIVE_INFINITY });
  const write = (s: string) => opts.output.write(s);
  if (interactive) {
    write('Trò chuyện thử với Trợ lý DVC. Gõ câu hỏi rồi Enter; Ctrl+D hoặc "/thoat" để thoát.\n');
    rl.setPrompt('Bạn: ');
    rl.prompt();
  }
  for await (const line of rl) {
    const text = line.trim();
    if (text === '/thoat' || text === '/exit') break;
    if (text) {
      const reply = await core.handle({
        channel: 'cli',
        chatId: opts.chatId ?? 'terminal',
        userId: opts.userId ?? 'terminal',
        displayName: 'Terminal',
        text,
      });
      const image = reply.image ? `\n[Biểu đồ: ${reply.image.filename}]` : '';
      write(`${interactive ? 'Trợ lý: ' : ''}${renderPlain(reply)}${image}\n\n`);
    }
    if (interactive) rl.prompt();
  }
  rl.close();
}
