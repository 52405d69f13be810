import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import type { Logger } from '../log.ts';
import type { Guide } from '../retrieval/guides.ts';
import type { ChunkHit } from '../retrieval/knowledge-index.ts';
import { MAX_ANSWER_CHARS, STEP_HINT, plain, sourceLine } from './format.ts';

const SYSTEM =
  'Bạn là Trợ lý DVC, hướng dẫn người dân làm dịch vụ công trực tuyến. ' +
  'Chỉ dùng thông tin trong phần TÀI LIỆU; không thêm bước, số điện thoại, đường link, mức phí hay thời hạn nào không có trong tài liệu. ' +
  'Nếu tài liệu không trả lời được câu hỏi, hãy nói bạn không chắc. ' +
  'Trả lời bằng tiếng Việt có dấu, lịch sự, ngắn gọn (dưới 900 ký tự), các bước đánh số 1. 2. 3. Không viết dòng "Nguồn".';

/**
 * Optional LLM rewording of the extractive answer, restricted to the retrieved chunks of the
 * cited guide. Any failure, an empty reply or a timeout falls back to the extractive answer; the
 * citation is always appended by us, never left to the model.
 */
export class Rephraser {
  constructor(
    private readonly model: BaseChatModel,
    private readonly timeoutMs: number,
    private readonly log?: Logger,
  ) {}

  async rephrase(
    question: string,
    guide: Guide,
    chunks: readonly ChunkHit[],
    extractive: string,
  ): Promise<{ text: string; rephrased: boolean }> {
    const docs = chunks
      .slice(0, 4)
      .map((c) => plain(c.chunk.pageContent))
      .join('\n---\n');
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          controller.abort();
          reject(new Error(`LLM timeout after ${this.timeoutMs} ms`));
        }, this.timeoutMs);
      });
      const call = this.model.invoke(
        [new SystemMessage(SYSTEM), new HumanMessage(`TÀI LIỆU (${guide.title}):\n${docs}\n\nCÂU HỎI: ${question}`)],
        { signal: controller.signal },
      );
      const out = await Promise.race([call, timeout]);
      const body = (typeof out.content === 'string' ? out.content : '')
        .split('\n')
        .filter((l) => !/^\s*nguồn\s*:/i.test(l))
        .join('\n')
        .trim();
      if (!body) throw new Error('LLM returned an empty answer');
      const tail = `${sourceLine(guide)}\n${STEP_HINT}`;
      const room = MAX_ANSWER_CHARS - tail.length - 2;
      const text = `${body.length > room ? `${body.slice(0, room - 1).trimEnd()}…` : body}\n\n${tail}`;
      return { text, rephrased: true };
    } catch (err) {
      this.log?.warn(
        { err: err instanceof Error ? err.message : String(err) },
        'LLM rephrasing failed; using the extractive answer',
      );
      return { text: extractive, rephrased: false };
    } finally {
      clearTimeout(timer);
    }
  }
}
