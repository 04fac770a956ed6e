// The "@partial" before the caret that opens the member autocomplete.
import { describe, expect, it } from 'vitest';
import { mentionQuery } from '@/ui/mention-query';

describe('mentionQuery', () => {
  it('finds the @word being typed at the caret', () => {
    expect(mentionQuery('Hi @Bo', 6)).toEqual({ start: 3, query: 'Bo' });
    expect(mentionQuery('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionQuery('Ping @Zoë', 9)).toEqual({ start: 5, query: 'Zoë' });
  });

  it('ignores e-mail addresses, finished mentions and text after the caret', () => {
    expect(mentionQuery('mail ann@example.org', 20)).toBeNull();
    expect(mentionQuery('Hi @Bo and', 10)).toBeNull();
    expect(mentionQuery('Hi @Bo', 2)).toBeNull();
  });
});
