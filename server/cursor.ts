// Pull cursors: opaque to clients, `(version, table, key)` inside, encoded as base64url JSON.
import type { PullPosition } from './storage/types';

export function encodeCursor(position: PullPosition): string {
  return Buffer.from(JSON.stringify([position.version, position.table, position.key])).toString('base64url');
}

/** The position inside a cursor, or undefined for an empty one; throws on anything malformed. */
export function decodeCursor(cursor: string | undefined): PullPosition | undefined {
  if (!cursor) return undefined;
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('cursor is not base64url');
  const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (
    !Array.isArray(value) ||
    value.length !== 3 ||
    !Number.isSafeInteger(value[0]) ||
    value[0] < 0 ||
    typeof value[1] !== 'string' ||
    typeof value[2] !== 'string' ||
    value[1].length > 64 ||
    value[2].length > 64
  ) {
    throw new Error('cursor has the wrong shape');
  }
  return { version: value[0], table: value[1], key: value[2] };
}
