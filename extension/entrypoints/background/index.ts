// Background service worker: owns writes, capture and (later) sync. Wiring only; logic lives in modules.
export default defineBackground(() => {});
