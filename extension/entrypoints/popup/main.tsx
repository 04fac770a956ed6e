// Popup entry: reads the first screen of tasks with plain IndexedDB, then mounts the task list with it.
// The performance marks let bench/extension.ts say where the time before the first row went.
import { render } from 'preact';
import { FIRST_ROWS, PopupApp } from '../../popup/app';
import { type FirstScreen, readFirstScreen } from '../../popup/first-screen';
import '../../ui/theme.css';
import '../../popup/popup.css';

performance.mark('waypoint:popup-script');
const now = new Date();
const root = document.getElementById('app')!;
// A read that does not answer quickly (a schema upgrade in progress) must not hold the popup: mount without it.
const giveUp = new Promise<null>((resolve) => setTimeout(() => resolve(null), 300));
const first: Promise<FirstScreen | null> = Promise.race([readFirstScreen(now, FIRST_ROWS), giveUp]).catch(() => null);
void first.then((initial) => {
  performance.mark('waypoint:first-screen-read');
  render(<PopupApp initial={initial} now={now} />, root);
});
