import { render } from 'preact';
import { HelpPage } from '../../src/ui/help-page';
import { t, uiLanguage } from '../../src/ui/i18n';
import '../../src/ui/pages.css';

document.documentElement.lang = uiLanguage();
document.title = t('hpTitle');
const app = document.getElementById('app');
if (app) render(<HelpPage />, app);
