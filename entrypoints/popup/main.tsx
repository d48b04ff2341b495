import { mountPopup } from '../../src/ui/popup/mount';
import '../../src/ui/pages.css';

void mountPopup(document, location.search);
