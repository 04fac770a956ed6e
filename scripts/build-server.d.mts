// Types of scripts/build-server.mjs for the TypeScript test and bench helpers that import it.
export declare const SERVER_BUNDLE: string;
export declare function buildServer(options?: { outfile?: string }): Promise<string>;
