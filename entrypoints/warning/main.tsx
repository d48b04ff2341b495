import { render } from 'preact';
import { mountWarningPage } from '../../src/ui/warning/mount';
import '../../src/ui/warning/warning.css';

mountWarningPage(document, location, history, (vnode, el) => render(vnode, el));
