import { fold } from '../text/fold.ts';
import { findDossierCode } from '../dossiers/code.ts';
import { looksLikeOfficerQuestion } from '../indicators/detect.ts';

export type Route =
  | { kind: 'start' }
  | { kind: 'help' }
  | { kind: 'cancel' }
  | { kind: 'enroll'; code: string }
  | { kind: 'report_toggle'; on: boolean | null }
  | { kind: 'smalltalk'; what: 'hello' | 'thanks' }
  | { kind: 'officer' }
  /** A dossier code to look up ("tra cứu hồ sơ 000.00.12.H26-250908-0112", or the code alone). */
  | { kind: 'dossier_status'; code: string }
  | { kind: 'guide' };

// Invite codes are printed by `officer invite`: letters and digits, optionally grouped with '-'.
const CODE = /^[A-Za-z0-9]{4,}(?:-[A-Za-z0-9]{2,})*$/;

const HELLO = new Set(['xin chao', 'chao', 'chao ban', 'hello', 'hi', 'alo', 'chao bot', 'chao em', 'xin chao ban']);
const THANKS = new Set(['cam on', 'cam on ban', 'thanks', 'thank you', 'cam on nhieu', 'ok cam on', 'tks', 'thank', 'camon']);

/** Decides which skill takes a message. Cheap and rule-based: runs on every message. */
export function route(text: string): Route {
  const raw = text.trim();
  const command = /^\/(\w+)(?:@\w+)?\s*(.*)$/s.exec(raw);
  if (command) {
    const [, name = '', rest = ''] = command;
    switch (name.toLowerCase()) {
      case 'start':
        return { kind: 'start' };
      case 'help':
      case 'trogiup':
        return { kind: 'help' };
      case 'huy':
      case 'cancel':
        return { kind: 'cancel' };
      case 'dangky':
        return { kind: 'enroll', code: rest.trim() };
      case 'baocao': {
        const arg = fold(rest);
        return { kind: 'report_toggle', on: arg === 'bat' || arg === 'on' ? true : arg === 'tat' || arg === 'off' ? false : null };
      }
    }
  }
  const folded = fold(raw).replace(/[!?.…,]+$/g, '').trim();
  // "đăng ký ABC123" enrolls; "đăng ký tài khoản VNeID" is a citizen question.
  const enroll = /^(?:dang ?ky|dk)\s+(\S+)$/.exec(folded);
  if (enroll) {
    const original = raw.split(/\s+/).pop() ?? '';
    if (CODE.test(original) && /\d/.test(original)) return { kind: 'enroll', code: original };
  }
  if (HELLO.has(folded)) return { kind: 'smalltalk', what: 'hello' };
  if (THANKS.has(folded)) return { kind: 'smalltalk', what: 'thanks' };
  if (folded === 'help' || folded === 'tro giup' || folded === 'huong dan su dung') return { kind: 'help' };
  if (folded === 'huy' || folded === 'thoi') return { kind: 'cancel' };
  const dossier = findDossierCode(raw);
  if (dossier) return { kind: 'dossier_status', code: dossier };
  if (looksLikeOfficerQuestion(folded)) return { kind: 'officer' };
  return { kind: 'guide' };
}
