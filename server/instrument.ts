// The storage as the app sees it: every call counted for /metrics (pushes, pulls, mutations, database errors) and
// every refused push noted with its reason for the request's log line. The storage itself stays untouched.
import { requestFacts } from './context';
import type { Metrics } from './metrics';
import type { PushOutcome, Storage } from './storage/types';

export function instrumentStorage(storage: Storage, metrics: Metrics): Storage {
  const countError = (error: unknown) => {
    metrics.inc('waypoint_db_errors_total', 1, {
      kind: storage.isUnavailableError(error) ? 'unavailable' : 'other',
    });
  };
  return new Proxy(storage, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || prop === 'isUnavailableError') return value;
      return (...args: unknown[]) => {
        let result: unknown;
        try {
          result = value.apply(target, args);
        } catch (error) {
          countError(error);
          throw error;
        }
        if (!(result instanceof Promise)) return result;
        return result.then(
          (out) => {
            if (prop === 'push') notePush(metrics, args[0] as { mutations: unknown[] }, out as PushOutcome);
            else if (prop === 'pull') metrics.inc('waypoint_pulls_total');
            return out;
          },
          (error) => {
            countError(error);
            throw error;
          },
        );
      };
    },
  });
}

function notePush(metrics: Metrics, input: { mutations: unknown[] }, outcome: PushOutcome): void {
  metrics.inc('waypoint_pushes_total', 1, { outcome: outcome.kind });
  const facts = requestFacts.getStore();
  if (outcome.kind === 'gap') {
    if (facts) facts.refused = `SeqGap: expected seq ${outcome.expectedSeq}`;
    return;
  }
  if (outcome.kind === 'clientIdTaken') {
    if (facts) facts.refused = 'Forbidden: clientId belongs to another account';
    return;
  }
  const rejected = outcome.rejected.length;
  metrics.inc('waypoint_mutations_total', input.mutations.length - rejected, { outcome: 'applied' });
  if (rejected > 0) {
    metrics.inc('waypoint_mutations_total', rejected, { outcome: 'rejected' });
    if (facts) {
      const first = outcome.rejected[0]!;
      facts.refused = `${rejected} mutation(s) rejected; first: seq ${first.seq} ${first.code}: ${first.message}`.slice(
        0,
        300,
      );
    }
  }
}
