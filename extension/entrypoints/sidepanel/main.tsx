// Side panel entry (Chrome side_panel, Firefox sidebar_action): mounts the project view.
import { render } from 'preact';
import { SidePanelApp } from '../../sidepanel/app';
import '../../ui/theme.css';
import '../../sidepanel/sidepanel.css';

render(<SidePanelApp />, document.getElementById('app')!);
