// Types of scripts/build-server.mjs for the TypeScript test and bench helpers that import it.
export declare const SERVER_BUNDLE: string;
export declare function buildServer(options?: { outfile?: string }): Promise<string>;
/** Chunk files (`chunks/…mjs`) that `file`, an entry or chunk in `dir`, imports, transitively. */
export declare function reachableChunks(dir: string, file: string): Promise<Set<string>>;
