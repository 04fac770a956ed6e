// `npm start`: build the extension and the server (compiled JavaScript), then run the sync server (embedded
// SQLite) and say how to use both.
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { serverCommand } from '../server/node-settings.mjs';
import { buildServer } from './build-server.mjs';

const root = resolve(import.meta.dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

console.log('Building the extension…');
const build = spawnSync(npm, ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) {
  console.error('The extension build failed (see above).');
  process.exit(build.status ?? 1);
}

const port = process.env.PORT ?? '8787';
const host = process.env.HOST ?? '127.0.0.1';
const address = `http://${host}:${port}`;
console.log('Building the server…');
let serverEntry;
try {
  serverEntry = await buildServer();
} catch (error) {
  console.error(`The server build failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}

console.log(`
Extension built in ${resolve(root, '.output/chrome-mv3')}
  Chrome / Edge: open chrome://extensions, turn on "Developer mode", "Load unpacked", choose that folder.
  Firefox:       npm run build:firefox, then about:debugging → This Firefox → "Load Temporary Add-on…"
                 → .output/firefox-mv2/manifest.json

Starting the sync server at ${address} (data in ${resolve(process.env.WAYPOINT_DATA ?? './data')})
  First team: open Waypoint's settings (right-click the toolbar icon → Options), choose "Create a team",
  server address ${address}. Then "Create invitation" and send the link to your teammates.
  Waypoint works without the server too: choose "Use without a server".
`);

// With the memory settings on the command line, so the entry does not re-execute itself (server/node-settings.mjs).
const command = serverCommand(serverEntry);
const server = spawn(process.execPath, command.args, { cwd: root, stdio: 'inherit', env: command.env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
