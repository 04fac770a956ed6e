// Popup entry: mounts the task list.
import { render } from 'preact';
import { PopupApp } from '../../popup/app';
import '../../ui/theme.css';
import '../../popup/popup.css';

render(<PopupApp />, document.getElementById('app')!);
