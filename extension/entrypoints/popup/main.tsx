// Popup entry: mounts the task list with the first screen of tasks, read with plain IndexedDB by the early script
// of index.html (entrypoints/popup-first-screen.ts) while this module was loading.
// The performance marks let bench/extension.ts say where the time before the first row went.
import { render } from 'preact';
import { PopupApp } from '../../popup/app';
import { type FirstScreen, takeFirstScreen } from '../../popup/first-screen';
import '../../ui/theme.css';
import '../../popup/popup.css';

performance.mark('waypoint:popup-script');
const started = takeFirstScreen();
const now = started?.now ?? new Date();
const root = document.getElementById('app')!;
// A read that does not answer quickly (a schema upgrade in progress) must not hold the popup: mount without it.
const giveUp = new Promise<null>((resolve) => setTimeout(() => resolve(null), 300));
const first: Promise<FirstScreen | null> = started
  ? Promise.race([started.read, giveUp]).catch(() => null)
  : Promise.resolve(null);
void first.then((initial) => {
  performance.mark('waypoint:first-screen-read');
  render(<PopupApp initial={initial} now={now} />, root);
});
