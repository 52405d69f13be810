// Skills compose the way grammY composes middleware (grammy/out/composer.d.ts: `command`,
// `callbackQuery`, `filter`, `use`): each skill module builds a Composer with its own triggers and
// guards, the app `use`s them in priority order, and a step that does not take a message passes it
// to the next. The core runs the composed chain and knows no skill by name.

import { fold } from '../text/fold.ts';
import { DB_BUSY } from './messages.ts';
import type { TurnContext } from './skill.ts';
import type { IncomingMessage, Reply } from './types.ts';

/** Hands the message on to the steps registered after this one. */
export type Next = () => Promise<Reply>;

/**
 * What a route runs once its trigger matched and its guards let the message through. `match` is
 * what the trigger read (a command's argument, a dossier code, the rest of the button data).
 */
export type Handler<M = unknown, C extends TurnContext = TurnContext> = (
  message: IncomingMessage,
  ctx: C,
  match: M,
  next: Next,
) => Promise<Reply>;

/** A skill object: its `handle` is a Handler (skills that ignore the match and `next` fit too). */
export interface Step<M = unknown, C extends TurnContext = TurnContext> {
  handle: Handler<M, C>;
}

/** One message as triggers and guards see it. */
export interface Turn {
  message: IncomingMessage;
  ctx: TurnContext;
  /** The database could not be reached this turn: the chat is fresh and nobody counts as an officer. */
  databaseDown: boolean;
  /** The text folded (no diacritics, lower case), trailing punctuation dropped: what text triggers read. */
  folded: string;
  /** A command this composer knows (`/dangky ABC`, `/start@bot`), with its argument; null otherwise. */
  command: { name: string; args: string } | null;
}

/**
 * Checked before a route's handler: null lets the message through, a Reply refuses it. Guards run
 * in the order given (`privateChat` before `needsDatabase` answers a group first).
 */
export type Guard = ((turn: Turn) => Reply | null) & { readonly guard: string };

/** A named guard (the name shows in errors and lets the composer see which guards a route has). */
export const defineGuard = (name: string, check: (turn: Turn) => Reply | null): Guard => Object.assign(check, { guard: name });

/**
 * Needs the database: with it unreachable the sender is told to try later (guides, greetings and
 * help still answer). Every route needs it unless it says `withoutDatabase`, so a skill added later
 * cannot forget it.
 */
export const needsDatabase = defineGuard('needsDatabase', (t) =>
  t.databaseDown ? { intent: 'help', text: DB_BUSY, failure: 'database' } : null,
);

/** Marks a route that answers from memory alone (guides, help), so it still answers with the database down. */
export const withoutDatabase = defineGuard('withoutDatabase', () => null);

type Trigger<M> = (turn: Turn) => M | null | undefined | false;

interface Route {
  trigger: Trigger<unknown>;
  guards: Guard[];
  handle: Handler<unknown>;
}

/** Stops a turn no route took: the fallback (guides) is missing from the composition. */
export class NoSkillError extends Error {}

const COMMAND = /^\/(\w+)(?:@\w+)?\s*(.*)$/s;

function split<M, C extends TurnContext>(steps: (Guard | Step<M, C> | Handler<M, C>)[]): { guards: Guard[]; handle: Handler<unknown> } {
  const last = steps.at(-1);
  if (!last || (typeof last === 'function' && 'guard' in last)) throw new TypeError('a route needs a handler after its guards');
  const guards = steps.slice(0, -1) as Guard[];
  const handle = (typeof last === 'function' ? last : (m, c, x, n) => last.handle(m, c, x, n)) as Handler<M, C>;
  // The database is needed unless a route says otherwise; an explicit needsDatabase keeps its place.
  const all = guards.includes(needsDatabase) || guards.includes(withoutDatabase) ? guards : [needsDatabase, ...guards];
  return { guards: all, handle: handle as unknown as Handler<unknown> };
}

/** After any reply: a skill may add to it (support offers a person where the bot could not help). */
export type AfterHook = (message: IncomingMessage, reply: Reply, ctx: TurnContext) => Reply;

export class Composer {
  private readonly routes: Route[] = [];
  private readonly commands = new Set<string>();
  private readonly hooks: AfterHook[] = [];
  private readonly unmasked: ((message: IncomingMessage) => boolean)[] = [];

  /** `/name args` (also `/name@bot`); `match` is the argument, trimmed. Names are matched in any case. */
  command<C extends TurnContext>(names: string | string[], ...steps: [...Guard[], Step<string, C> | Handler<string, C>]): this {
    const set = new Set((Array.isArray(names) ? names : [names]).map((n) => n.toLowerCase()));
    for (const n of set) this.commands.add(n);
    return this.route((t) => (t.command && set.has(t.command.name) ? t.command.args : null), steps);
  }

  /** A pressed button whose data starts with `prefix`; `match` is the rest of the data. */
  callback<C extends TurnContext>(prefix: string, ...steps: [...Guard[], Step<string, C> | Handler<string, C>]): this {
    return this.route((t) => {
      const data = t.message.callbackData;
      return data?.startsWith(prefix) ? data.slice(prefix.length) : null;
    }, steps);
  }

  /**
   * Typed text (not a button, not a command of this composition) that `trigger` recognises; what it
   * returns (anything but null, undefined or false) is the handler's `match`.
   */
  text<M, C extends TurnContext>(trigger: (turn: Turn) => M | null | undefined | false, ...steps: [...Guard[], Step<M, C> | Handler<M, C>]): this {
    return this.route((t) => (t.message.callbackData || t.command ? null : trigger(t)), steps);
  }

  /** Any message `trigger` accepts, buttons and commands included. */
  on<M, C extends TurnContext>(trigger: (turn: Turn) => M | null | undefined | false, ...steps: [...Guard[], Step<M, C> | Handler<M, C>]): this {
    return this.route(trigger, steps);
  }

  /** Every message that reaches it: the last step of a composition (guides). */
  otherwise<C extends TurnContext>(...steps: [...Guard[], Step<unknown, C> | Handler<unknown, C>]): this {
    return this.route<unknown, C>(() => true, steps);
  }

  /** Runs `hook` on every reply, whichever skill gave it. */
  after(hook: AfterHook): this {
    this.hooks.push(hook);
    return this;
  }

  /** Messages for which the skills also get the text as sent (`message.original`, before masking). */
  keepOriginal(when: (message: IncomingMessage) => boolean): this {
    this.unmasked.push(when);
    return this;
  }

  /** Appends other compositions: their routes come after this one's, in the order given. */
  use(...others: Composer[]): this {
    for (const o of others) {
      this.routes.push(...o.routes);
      for (const n of o.commands) this.commands.add(n);
      this.hooks.push(...o.hooks);
      this.unmasked.push(...o.unmasked);
    }
    return this;
  }

  private route<M, C extends TurnContext>(trigger: Trigger<M>, steps: (Guard | Step<M, C> | Handler<M, C>)[]): this {
    this.routes.push({ trigger, ...split(steps) });
    return this;
  }

  wantsOriginal(message: IncomingMessage): boolean {
    return this.unmasked.some((when) => when(message));
  }

  /** The reply of the first route that takes the message, after every `after` hook. */
  async run(message: IncomingMessage, ctx: TurnContext, databaseDown: boolean): Promise<Reply> {
    const text = message.text.trim();
    const command = message.callbackData ? null : COMMAND.exec(text);
    const name = command?.[1]?.toLowerCase();
    const turn: Turn = {
      message,
      ctx,
      databaseDown,
      folded: fold(text).replace(/[!?.…,]+$/g, '').trim(),
      command: name && this.commands.has(name) ? { name, args: (command?.[2] ?? '').trim() } : null,
    };
    const from = (i: number): Promise<Reply> => {
      for (let j = i; j < this.routes.length; j++) {
        const route = this.routes[j]!;
        const match: unknown = route.trigger(turn);
        if (match === null || match === undefined || match === false) continue;
        for (const g of route.guards) {
          const refused = g(turn);
          if (refused) return Promise.resolve(refused);
        }
        return route.handle(message, ctx, match, () => from(j + 1));
      }
      return Promise.reject(new NoSkillError('no skill took the message: the composition needs a fallback (guides)'));
    };
    let reply = await from(0);
    for (const hook of this.hooks) reply = hook(message, reply, ctx);
    return reply;
  }
}
