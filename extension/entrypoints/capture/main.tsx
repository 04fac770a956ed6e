// Capture dialog entry: opened in a small window by "Choose project…" or the shortcut (Settings → Capture).
import { render } from 'preact';
import { CaptureDialogApp } from '../../capture-dialog/app';
import '../../ui/theme.css';
import '../../capture-dialog/capture-dialog.css';

render(<CaptureDialogApp />, document.getElementById('app')!);
