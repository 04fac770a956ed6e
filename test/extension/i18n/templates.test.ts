// The template texts the extension reads from _locales: in English exactly shared/templates.ts (e2e tests and
// the server see those), in French every text French.
import { localizeTemplate, PROJECT_TEMPLATES } from '@@/shared/templates';
import { afterEach, describe, expect, it } from 'vitest';
import { templateWords } from '@/i18n/templates';
import { useLocale } from '../i18n-fake';

afterEach(() => useLocale('en'));

describe('template words', () => {
  it('are the English of shared/templates.ts in English', () => {
    useLocale('en');
    for (const template of PROJECT_TEMPLATES) {
      expect(templateWords(template.id)).toBeDefined();
      expect(localizeTemplate(template, templateWords)).toEqual(template);
    }
  });

  it('give every text of every template in French, in the same shape', () => {
    useLocale('fr');
    for (const template of PROJECT_TEMPLATES) {
      const text = templateWords(template.id);
      expect(text?.objectives).toHaveLength(template.objectives.length);
      expect(text?.phases).toHaveLength(template.phases.length);
      expect(text?.milestones).toHaveLength(template.milestones.length);
      expect(text?.risks).toHaveLength(template.risks.length);
      const french = localizeTemplate(template, templateWords);
      expect(french.name).not.toBe(template.name);
      expect(french.risks.map((risk) => risk.title)).not.toContain(template.risks[0]?.title);
    }
    expect(templateWords('product-launch')?.name).toBe('Lancement de produit');
    expect(templateWords('nope')).toBeUndefined();
  });
});
