import { followLanguage, t } from '../i18n/i18n';
import { mount } from '../views/common/mount';
import { HomeApp } from '../views/home/HomeApp';

followLanguage(() => t('app.name'));
mount(<HomeApp />);
