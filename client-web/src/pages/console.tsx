import { followLanguage, t } from '../i18n/i18n';
import { mount } from '../views/common/mount';
import { ConsoleApp } from '../views/console/ConsoleApp';

followLanguage(() => `${t('console.title')} · ${t('app.name')}`);
mount(<ConsoleApp />);
