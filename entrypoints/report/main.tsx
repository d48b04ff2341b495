import { mountReportPage } from '../../src/ui/report/mount';
import '../../src/ui/pages.css';

void mountReportPage(document, location.search);
