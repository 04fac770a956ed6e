// The French phrase table of quick add (shared/quick-add-fr.ts): what people write in French, with the date,
// time, rule and title expected at a fixed reference instant (Wednesday 25 Nov 2026, 10:00 local), each row
// checked in several time zones (expectations are wall-clock), day-first numeric dates as in fr-FR.

import { civilDateTime, civilToInstant } from '@@/shared/dates';
import { parseQuickAdd } from '@@/shared/quick-add';
import { describe, expect, it } from 'vitest';

/** [phrase, title, local date or null, local time or null, rule or null]. */
type Row = [string, string, string | null, string | null, string | null];

const ZONES = ['Europe/Paris', 'America/Montreal', 'Asia/Kolkata'];
const WEEKDAYS = 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR';

// Wednesday 25 November 2026, 10:00. Thu 26, Fri 27, Sat 28, Sun 29, Mon 30, Tue Dec 1, Wed Dec 2, Fri Dec 4.
const ROWS: Row[] = [
  ['Appeler Léa demain 15h', 'Appeler Léa', '2026-11-26', '15:00', null],
  ['Appeler Léa demain à 15h30', 'Appeler Léa', '2026-11-26', '15:30', null],
  ['Rapport vendredi prochain', 'Rapport', '2026-12-04', null, null],
  ['Rendez-vous mercredi prochain 10h', 'Rendez-vous', '2026-12-02', '10:00', null],
  ['Réviser dans 2 semaines', 'Réviser', '2026-12-09', null, null],
  ['Rendre le livre dans 3 jours', 'Rendre le livre', '2026-11-28', null, null],
  ['Réserver dans un mois', 'Réserver', '2026-12-25', null, null],
  ['Relancer dans deux jours', 'Relancer', '2026-11-27', null, null],
  ['Rappel dans 2 heures', 'Rappel', '2026-11-25', '12:00', null],
  ['Sport chaque lundi', 'Sport', '2026-11-30', null, 'FREQ=WEEKLY;BYDAY=MO'],
  ['Point équipe tous les lundis à 9h', 'Point équipe', '2026-11-30', '09:00', 'FREQ=WEEKLY;BYDAY=MO'],
  ['Standup chaque jour ouvré à 9h30', 'Standup', '2026-11-26', '09:30', WEEKDAYS],
  ['Yoga tous les jours à 7h', 'Yoga', '2026-11-26', '07:00', 'FREQ=DAILY'],
  ['Arroser les plantes tous les 3 jours', 'Arroser les plantes', '2026-11-25', null, 'FREQ=DAILY;INTERVAL=3'],
  ['Compta chaque mois', 'Compta', '2026-11-25', null, 'FREQ=MONTHLY'],
  ['Ménage toutes les semaines', 'Ménage', '2026-11-25', null, 'FREQ=WEEKLY'],
  ['Réunion lundi 9h', 'Réunion', '2026-11-30', '09:00', null],
  ['Courir samedi matin', 'Courir', '2026-11-28', '09:00', null],
  ['Préparer la fête vendredi', 'Préparer la fête', '2026-11-27', null, null],
  ['Dîner ce soir', 'Dîner', '2026-11-25', null, null],
  ['Dîner ce soir 20h', 'Dîner', '2026-11-25', '20:00', null],
  ['Appeler maman aujourd’hui', 'Appeler maman', '2026-11-25', null, null],
  ["Appeler maman aujourd'hui", 'Appeler maman', '2026-11-25', null, null],
  ['Envoyer le devis après-demain', 'Envoyer le devis', '2026-11-27', null, null],
  ['Payer demain à midi', 'Payer', '2026-11-26', '12:00', null],
  ['Appeler Paul à 15h', 'Appeler Paul', '2026-11-25', '15:00', null],
  ['Bilan la semaine prochaine', 'Bilan', '2026-11-30', null, null],
  ['Bilan semaine prochaine', 'Bilan', '2026-11-30', null, null],
  ['Bilan le mois prochain', 'Bilan', '2026-12-01', null, null],
  ['Vacances l’année prochaine', 'Vacances', '2027-01-01', null, null],
  ['Inventaire ce week-end', 'Inventaire', '2026-11-28', null, null],
  ['Facture fin du mois', 'Facture', '2026-11-30', null, null],
  ['Noël le 25/12', 'Noël', '2026-12-25', null, null],
  ['Dentiste le 3 mars à 14h30', 'Dentiste', '2027-03-03', '14:30', null],
  ['Fête le 14 juillet', 'Fête', '2027-07-14', null, null],
  ['Payer le loyer le 1er', 'Payer le loyer', '2026-12-01', null, null],
  ['Appeler le client demain', 'Appeler le client', '2026-11-26', null, null],
  // French words that are not dates stay in the title.
  ['Acheter le journal du soir', 'Acheter le journal du soir', null, null, null],
  ['Mettre à jour le site', 'Mettre à jour le site', null, null, null],
  ['Lire "demain" ensemble', 'Lire "demain" ensemble', null, null, null],
  ['Un lundi au soleil', 'Un lundi au soleil', null, null, null],
  ['Les 3 mousquetaires', 'Les 3 mousquetaires', null, null, null],
  // English still works in a French UI.
  ['Pay rent tomorrow 5pm', 'Pay rent', '2026-11-26', '17:00', null],
];

for (const timeZone of ZONES) {
  describe(`quick add in French, ${timeZone}`, () => {
    const now = civilToInstant('2026-11-25', 10, 0, timeZone);
    it.each(ROWS)('%s', (phrase, title, date, time, rule) => {
      const result = parseQuickAdd(phrase, { now, projects: [], timeZone, dateOrder: 'dmy', language: 'fr' });
      let gotDate: string | null = null;
      let gotTime: string | null = null;
      if (result.dueAt?.length === 10) gotDate = result.dueAt;
      else if (result.dueAt) {
        const civil = civilDateTime(new Date(result.dueAt), timeZone);
        gotDate = civil.date;
        gotTime = `${String(civil.hour).padStart(2, '0')}:${String(civil.minute).padStart(2, '0')}`;
      }
      const sorted = (value: string | null) => (value ? value.split(';').sort().join(';') : null);
      expect({
        title: result.title,
        date: gotDate,
        time: gotTime,
        rule: sorted(result.recurrence?.rule ?? null),
      }).toEqual({ title, date, time, rule: sorted(rule) });
    });
  });
}

it('French is read only when asked: an English UI keeps "demain" in the title', () => {
  const now = civilToInstant('2026-11-25', 10, 0, 'Europe/Paris');
  const result = parseQuickAdd('Appeler Léa demain 15h', { now, projects: [], timeZone: 'Europe/Paris' });
  expect(result.dueAt).toBeNull();
  expect(result.title).toBe('Appeler Léa demain 15h');
});

it('a French chip spans the whole French phrase and labels in the locale', () => {
  const now = civilToInstant('2026-11-25', 10, 0, 'Europe/Paris');
  const result = parseQuickAdd('Rapport vendredi prochain #x', {
    now,
    projects: [],
    timeZone: 'Europe/Paris',
    language: 'fr',
    locale: 'fr-FR',
  });
  const due = result.tokens.find((token) => token.kind === 'due');
  expect(due?.text).toBe('vendredi prochain');
  expect(due?.label).toBe('4 déc.');
});
