// Types of server/node-settings.mjs for the TypeScript entry, tests and bench helpers that import it.
export declare const NODE_FLAGS: string[];
export declare const NODE_ENV: Record<string, string>;
export declare const RELAUNCHED: string;
export declare function missingSettings(
  execArgv: readonly string[],
  env: Record<string, string | undefined>,
): { flags: string[]; env: Record<string, string> };
export declare function serverCommand(
  entry: string,
  env?: Record<string, string | undefined>,
): { args: string[]; env: Record<string, string | undefined> };
