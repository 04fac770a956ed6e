// Popup early read: a classic script in popup.html's head, run as soon as the parser reaches it, that starts the
// first screen's IndexedDB read while the popup's module scripts are still arriving (modules run only once all of
// them have loaded). The popup's entry (entrypoints/popup/main.tsx) takes the read over with takeFirstScreen.
import { startFirstScreen } from '../popup/first-screen';

export default defineUnlistedScript(() => {
  performance.mark('waypoint:first-screen-start');
  startFirstScreen();
});
