import { foldWords } from '../text/fold.ts';

// A citizen asking for a person: a verb of meeting or talking, then a person, and next to nothing
// else ("gặp cán bộ", "cho tôi nói chuyện với người", "gap nguoi that", "muốn gặp nhân viên hỗ
// trợ ạ"). "gặp cán bộ một cửa ở đâu" has more to it: a question for the guides.
const VERBS = ['gap', 'noi chuyen', 'trao doi', 'chat', 'ket noi', 'lien he', 'lien lac', 'chuyen', 'nhan tin', 'hoi'];
const PEOPLE = [
  'can bo ho tro',
  'nguoi ho tro',
  'nhan vien ho tro',
  'tong dai vien',
  'tu van vien',
  'quan tri vien',
  'nguoi that',
  'can bo',
  'nhan vien',
  'chuyen vien',
  'admin',
  'nguoi',
];
const FILLER = new Set(
  ('a ah ak ad oi nhe nha voi cho toi em minh tui chau con anh chi co bac xin duoc muon can ha hay ' +
    'vui long lam on giup di ngay truc tiep that ho tro bot tro ly dvc ban may please the nao sao duoc khong ko k').split(' '),
);

const phrase = (list: string[]) => new RegExp(`(?:^| )(${list.join('|')})(?= |$)`);
const VERB = phrase(VERBS);
const PERSON = phrase(PEOPLE);

/** True when the message asks to be put through to a person, and little else. */
export function asksForPerson(text: string): boolean {
  const s = ` ${foldWords(text)} `;
  const verb = VERB.exec(s);
  if (!verb) return false;
  const after = s.slice(verb.index + verb[0].length);
  const person = PERSON.exec(` ${after.trim()} `);
  if (!person) return false;
  const rest = s
    .replace(VERB, ' ')
    .replace(PERSON, ' ')
    .split(' ')
    .filter((w) => w && !FILLER.has(w));
  return rest.length <= 1;
}
