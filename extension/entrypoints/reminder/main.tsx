// Reminder window entry: opened by a click on a reminder notification (background/reminders.ts).
import { render } from 'preact';
import { ReminderWindow } from '../../reminder-window/app';
import '../../ui/theme.css';

render(<ReminderWindow />, document.getElementById('app')!);
