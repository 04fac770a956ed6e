// Errors of the capture pipeline that the UI explains in its own words (kept free of browser APIs so the
// message handlers that recognise them load anywhere).

export class CaptureGoneError extends Error {
  constructor() {
    super('This capture is no longer waiting (it was saved, cancelled or expired). Capture the page again.');
    this.name = 'CaptureGoneError';
  }
}
