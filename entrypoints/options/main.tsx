import { render } from 'preact';
import { OptionsView } from '../../src/ui/options/options-view';
import { uiLanguage } from '../../src/ui/i18n';
import '../../src/ui/pages.css';

document.documentElement.lang = uiLanguage();
const app = document.getElementById('app');
if (app) render(<OptionsView />, app);
