import { clampHlc, createHlc, formatHlc, parseHlc } from '@@/shared/hlc';
import { describe, expect, it } from 'vitest';

describe('hlc', () => {
  it('formats so that string order equals time order', () => {
    const a = formatHlc({ ms: 1_700_000_000_000, counter: 1, clientId: 'a' });
    const b = formatHlc({ ms: 1_700_000_000_000, counter: 2, clientId: 'a' });
    const c = formatHlc({ ms: 1_700_000_000_001, counter: 0, clientId: 'a' });
    expect([c, b, a].sort()).toEqual([a, b, c]);
    expect(parseHlc(b)).toEqual({ ms: 1_700_000_000_000, counter: 2, clientId: 'a' });
  });

  it('is monotonic when the wall clock stands still or goes back', () => {
    let wall = 1_000_000_000_000;
    const clock = createHlc({ clientId: 'dev1', wallClock: () => wall });
    const first = clock.now();
    const second = clock.now();
    wall -= 5000;
    const third = clock.now();
    expect(first < second && second < third).toBe(true);
  });

  it('sorts after a received timestamp', () => {
    const wall = 1_000_000_000_000;
    const clock = createHlc({ clientId: 'b', wallClock: () => wall });
    const remote = formatHlc({ ms: wall + 10_000, counter: 7, clientId: 'a' });
    clock.receive(remote);
    expect(clock.now() > remote).toBe(true);
  });

  it('ignores remote timestamps too far ahead and clamps them', () => {
    const wall = 1_000_000_000_000;
    const clock = createHlc({ clientId: 'b', wallClock: () => wall });
    const remote = formatHlc({ ms: wall + 3_600_000, counter: 0, clientId: 'a' });
    clock.receive(remote);
    expect(parseHlc(clock.now()).ms).toBe(wall);
    const clamped = clampHlc(remote, wall);
    expect(clamped.clamped).toBe(true);
    expect(parseHlc(clamped.hlc).ms).toBe(wall + 60_000);
    expect(clampHlc(formatHlc({ ms: wall, counter: 0, clientId: 'a' }), wall).clamped).toBe(false);
  });

  it('receives many timestamps as receiving each in turn would, the untrusted ones ignored', () => {
    const wall = 1_000_000_000_000;
    const at = (ms: number, counter: number, clientId: string) => formatHlc({ ms, counter, clientId });
    const remotes = [
      at(wall - 5, 3, 'a'),
      at(wall + 2000, 1, 'b'),
      at(wall + 2000, 9, 'a'),
      at(wall + 59_999, 0, 'c'),
      at(wall + 3_600_000, 0, 'd'), // beyond the drift allowance
      at(wall + 60_000, 2, 'e'), // at its edge: trusted
    ];
    for (let n = 0; n <= remotes.length; n++) {
      const list = remotes.slice(0, n);
      const each = createHlc({ clientId: 'z', wallClock: () => wall });
      for (const remote of list) each.receive(remote);
      const all = createHlc({ clientId: 'z', wallClock: () => wall });
      all.receiveAll(list);
      expect(all.last()).toBe(each.last());
    }
    const clock = createHlc({ clientId: 'z', wallClock: () => wall });
    clock.receiveAll(new Set(remotes));
    expect(parseHlc(clock.now())).toMatchObject({ ms: wall + 60_000, counter: 3 });
  });

  it('resumes from a persisted state and rejects malformed input', () => {
    const wall = 1_000_000_000_000;
    const saved = formatHlc({ ms: wall + 1000, counter: 3, clientId: 'c' });
    const clock = createHlc({ clientId: 'c', wallClock: () => wall, initial: saved });
    expect(clock.now() > saved).toBe(true);
    expect(() => parseHlc('nope')).toThrow(/Malformed HLC/);
    expect(() => clock.receive('123-zz-x')).toThrow();
  });
});
