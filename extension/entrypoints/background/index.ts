// Background service worker entry: wiring only, see extension/background/app.ts.
import { startBackground } from '../../background/app';

export default defineBackground({ type: 'module', main: startBackground });
