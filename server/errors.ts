// API errors: every failure leaves the server as JSON `{error, message}` with the status the contract names.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { SERVER_LIMITS } from '../shared/server-limits';

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  body(): Record<string, unknown> {
    return { ...this.extra, error: this.code, message: this.message };
  }
}

export function errorResponse(c: Context, error: ApiError): Response {
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  return c.json(error.body(), error.status);
}

/** A validation failure as a 400 that names the first problems (paths and messages only, never the input). */
export function invalid(
  error: z.ZodError | { issues: { path: PropertyKey[]; message: string }[] },
  what: string,
): ApiError {
  // Paths can contain attacker-chosen keys: keep them short.
  const issues = error.issues.slice(0, 20).map((i) => ({
    path: i.path
      .map((p) => String(p).slice(0, 64))
      .join('.')
      .slice(0, 200),
    message: i.message.slice(0, 200),
  }));
  const first = issues[0];
  const message = first ? `Invalid ${what}: ${first.path ? `${first.path}: ` : ''}${first.message}` : `Invalid ${what}`;
  return new ApiError(400, 'Invalid', message.slice(0, 500), { issues });
}

/** Read and validate a JSON body; malformed JSON and schema failures are 400s. */
export async function readJson<S extends z.ZodType>(c: Context, schema: S, what = 'body'): Promise<z.output<S>> {
  const raw = await readRawJson(c);
  const result = schema.safeParse(raw);
  if (!result.success) throw invalid(result.error, what);
  return result.data;
}

export async function readRawJson(c: Context): Promise<unknown> {
  return (await readJsonText(c)).value;
}

/** readRawJson, with the text the value was parsed from (the push checks its strings on the text in one scan). */
export async function readJsonText(c: Context): Promise<{ text: string; value: unknown }> {
  let text: string;
  try {
    text = await c.req.text();
  } catch {
    throw new ApiError(400, 'BadRequest', 'Could not read the request body');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'BadJson', 'The request body is not valid JSON');
  }
  const problem = checkJsonShape(value, SERVER_LIMITS.maxJsonDepth);
  if (problem === 'depth') {
    throw new ApiError(400, 'Invalid', `The request body is nested deeper than ${SERVER_LIMITS.maxJsonDepth} levels`);
  }
  if (problem === 'proto') throw new ApiError(400, 'Invalid', 'The key "__proto__" is not allowed');
  return { text, value };
}

/**
 * One iterative walk over parsed JSON (no recursion, so no stack overflow however deep the input): 'depth' when
 * nesting exceeds `maxDepth`, 'proto' when some object has an own "__proto__" key (escapes like \u005f_proto__
 * spell the same key, so the parsed value is checked, not the text), else null.
 */
export function checkJsonShape(value: unknown, maxDepth: number): 'depth' | 'proto' | null {
  if (typeof value !== 'object' || value === null) return null;
  const stack: unknown[] = [value];
  const depths: number[] = [1];
  while (stack.length > 0) {
    const node = stack.pop() as object;
    const depth = depths.pop() as number;
    if (depth > maxDepth) return 'depth';
    if (Array.isArray(node)) {
      for (const item of node) {
        if (typeof item === 'object' && item !== null) {
          stack.push(item);
          depths.push(depth + 1);
        }
      }
      continue;
    }
    if (Object.hasOwn(node, '__proto__')) return 'proto';
    for (const key in node) {
      const item = (node as Record<string, unknown>)[key];
      if (typeof item === 'object' && item !== null) {
        stack.push(item);
        depths.push(depth + 1);
      }
    }
  }
  return null;
}
