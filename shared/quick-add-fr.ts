// French for quick add: "Appeler Léa demain 15h", "Rapport vendredi prochain", "Sport chaque lundi 7h",
// "Noël le 25/12". The French words are read as the English grammar of shared/quick-add.ts reads its own
// words: each French word or fixed phrase becomes the English word(s) with the same meaning, keeping the
// offsets of the French text, so the chips, the title and the word-level guards ("Acheter le journal du
// soir" keeps "soir": a period is read only right after a date) are the ones the English grammar has.
// Word order that differs ("vendredi prochain" = next friday, "la semaine prochaine" = next week) is
// rewritten by the phrase table. English words still work when the UI is French.
import type { Word } from './quick-add';

const norm = (lc: string) => lc.replace(/’/g, "'").normalize('NFC');

const WEEKDAYS: Record<string, string> = {
  lundi: 'monday',
  mardi: 'tuesday',
  mercredi: 'wednesday',
  jeudi: 'thursday',
  vendredi: 'friday',
  samedi: 'saturday',
  dimanche: 'sunday',
};
const MONTHS: Record<string, string> = {
  janvier: 'january',
  janv: 'january',
  février: 'february',
  fevrier: 'february',
  févr: 'february',
  mars: 'march',
  avril: 'april',
  avr: 'april',
  mai: 'may',
  juin: 'june',
  juillet: 'july',
  juil: 'july',
  août: 'august',
  aout: 'august',
  septembre: 'september',
  octobre: 'october',
  novembre: 'november',
  décembre: 'december',
  decembre: 'december',
  déc: 'december',
};
const WORDS: Record<string, string> = {
  "aujourd'hui": 'today',
  demain: 'tomorrow',
  'après-demain': 'overmorrow',
  hier: 'yesterday',
  matin: 'morning',
  'après-midi': 'afternoon',
  soir: 'evening',
  midi: 'noon',
  minuit: 'midnight',
  dans: 'in',
  chaque: 'every',
  à: 'at',
  vers: 'at',
  jour: 'day',
  jours: 'days',
  semaine: 'week',
  semaines: 'weeks',
  mois: 'months',
  an: 'year',
  ans: 'years',
  année: 'year',
  années: 'years',
  heure: 'hour',
  heures: 'hours',
  quinzaine: 'fortnight',
  'week-end': 'weekend',
  'week-ends': 'weekend',
  weekend: 'weekend',
  quotidien: 'daily',
  quotidienne: 'daily',
  hebdomadaire: 'weekly',
  mensuel: 'monthly',
  mensuelle: 'monthly',
  annuel: 'yearly',
  annuelle: 'yearly',
  jusqu: 'until',
  "jusqu'au": 'until',
  "jusqu'à": 'until',
  un: 'a',
  une: 'a',
  deux: 'two',
  trois: 'three',
  quatre: 'four',
  cinq: 'five',
  six: 'six',
  sept: 'seven',
  huit: 'eight',
  neuf: 'nine',
  dix: 'ten',
  onze: 'eleven',
  douze: 'twelve',
  premier: '1st',
  '1er': '1st',
};

/** A weekday, singular or plural ("lundis": "tous les lundis"). */
const weekday = (lc: string): string | undefined => WEEKDAYS[lc] ?? WEEKDAYS[lc.replace(/s$/, '')];
const NEXT = new Set(['prochain', 'prochaine']);
/** "15h", "15h30", "9 h" is two words; "15:30" is already read. */
const FRENCH_TIME = /^(\d{1,2})h(\d{2})?$/;
/** What "le" introduces as a date: 25/12, 25, 1er. */
const DAY_OR_DATE = /^(?:\d{1,2}(?:er)?|\d{1,4}[/.]\d{1,2}(?:[/.]\d{2,4})?)$/;

type Rule = { words: string[]; english: string[] } | ((lcs: string[]) => { take: number; english: string[] } | null);

const PHRASES: Rule[] = [
  { words: ['ce', 'soir'], english: ['tonight'] },
  { words: ['ce', 'matin'], english: ['this', 'morning'] },
  { words: ['cet', 'après-midi'], english: ['this', 'afternoon'] },
  { words: ['après', 'demain'], english: ['overmorrow'] },
  { words: ['la', 'semaine', 'prochaine'], english: ['next', 'week'] },
  { words: ['semaine', 'prochaine'], english: ['next', 'week'] },
  { words: ['le', 'mois', 'prochain'], english: ['next', 'month'] },
  { words: ['mois', 'prochain'], english: ['next', 'month'] },
  { words: ["l'année", 'prochaine'], english: ['next', 'year'] },
  { words: ["l'an", 'prochain'], english: ['next', 'year'] },
  { words: ['le', 'week-end', 'prochain'], english: ['next', 'weekend'] },
  { words: ['week-end', 'prochain'], english: ['next', 'weekend'] },
  { words: ['ce', 'week-end'], english: ['this', 'weekend'] },
  { words: ['fin', 'du', 'mois'], english: ['eom'] },
  { words: ['fin', 'de', 'mois'], english: ['eom'] },
  { words: ['fin', 'de', 'la', 'semaine'], english: ['eow'] },
  { words: ['fin', 'de', 'semaine'], english: ['eow'] },
  { words: ['fin', "d'année"], english: ['eoy'] },
  { words: ['fin', 'de', "l'année"], english: ['eoy'] },
  { words: ['tous', 'les'], english: ['every'] },
  { words: ['toutes', 'les'], english: ['every'] },
  { words: ['jours', 'ouvrés'], english: ['weekday'] },
  { words: ['jour', 'ouvré'], english: ['weekday'] },
  { words: ['jours', 'ouvrables'], english: ['weekday'] },
  { words: ['à', 'partir', 'du'], english: ['from'] },
  { words: ['à', 'partir', 'de'], english: ['from'] },
  { words: ['après', 'achèvement'], english: ['after', 'completion'] },
  // "vendredi prochain" -> next friday; "lundi de la semaine prochaine" -> monday next week
  (lcs) => {
    const day = weekday(lcs[0] ?? '');
    if (!day) return null;
    if (NEXT.has(lcs[1] ?? '')) return { take: 2, english: ['next', day] };
    if (lcs[1] === 'de' && lcs[2] === 'la' && lcs[3] === 'semaine' && NEXT.has(lcs[4] ?? ''))
      return { take: 5, english: [day, 'next', 'week'] };
    return null;
  },
  // "le 25/12", "le 3 mars", "le 1er": "on" before a day; otherwise "le" is just a word of the title.
  (lcs) => (lcs[0] === 'le' && DAY_OR_DATE.test(lcs[1] ?? '') ? { take: 1, english: ['on'] } : null),
  // "chaque mois le 15" -> every month on the 15th
  (lcs) =>
    lcs[0] === 'le' && lcs[1] === 'dernier' && lcs[2] === 'jour' ? { take: 3, english: ['the', 'last', 'day'] } : null,
];

function single(lc: string): string {
  const time = FRENCH_TIME.exec(lc);
  // French writes the 24-hour clock: "7h" is 07:00 (two digits: the grammar reads no afternoon into it).
  if (time) return `${(time[1] as string).padStart(2, '0')}:${time[2] ?? '00'}`;
  if (/^\d{1,2}er$/.test(lc)) return `${lc.slice(0, -2)}st`;
  return WORDS[lc] ?? weekday(lc) ?? MONTHS[lc] ?? lc;
}

/**
 * The words of a French input as the English grammar reads them. A literal word (quoted, escaped or a
 * dismissed chip) is never read; a phrase spans its French words, so removing its chip removes all of them.
 */
export function frenchAsEnglish(words: readonly Word[]): Word[] {
  const out: Word[] = [];
  for (let i = 0; i < words.length; ) {
    const word = words[i] as Word;
    if (word.literal) {
      out.push(word);
      i++;
      continue;
    }
    const lcs: string[] = [];
    for (let k = i; k < Math.min(words.length, i + 5) && !(words[k] as Word).literal; k++)
      lcs.push(norm((words[k] as Word).lc));
    let hit: { take: number; english: string[] } | null = null;
    for (const rule of PHRASES) {
      if (typeof rule === 'function') hit = rule(lcs);
      else if (rule.words.every((w, k) => lcs[k] === w)) hit = { take: rule.words.length, english: rule.english };
      if (hit) break;
    }
    if (!hit) {
      out.push({ ...word, lc: single(norm(word.lc)) });
      i++;
      continue;
    }
    // Spread the French words over the English ones: the first English word starts where the phrase starts,
    // the last ends where it ends, so any match over all of them covers the whole French phrase.
    const span = words.slice(i, i + hit.take);
    hit.english.forEach((lc, k) => {
      const from = span[Math.min(k, span.length - 1)] as Word;
      const last = k === hit.english.length - 1 ? (span.at(-1) as Word) : from;
      out.push({ start: from.start, end: last.end, core: from.core, lc, literal: false, escape: -1 });
    });
    i += hit.take;
  }
  return out;
}
