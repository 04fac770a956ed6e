// Options page entry.
import { render } from 'preact';
import { OptionsApp } from '../../options/app';
import '../../ui/theme.css';

render(<OptionsApp />, document.getElementById('app')!);
