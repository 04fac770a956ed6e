// The compiled server that test processes start: the same .output/server/index.mjs that `npm start` and
// `npm run server` run, rebuilt from the current sources once per test process (esbuild, well under a second),
// so the run contract is tested on what people run.
import { buildServer } from '../../scripts/build-server.mjs';

let built: Promise<string> | undefined;

/** Path of the freshly built server bundle (built on the first call of this process). */
export function serverBundle(): Promise<string> {
  built ??= buildServer();
  return built;
}
